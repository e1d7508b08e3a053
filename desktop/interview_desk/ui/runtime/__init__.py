"""Plumbing shared by every feature: running work off the GUI thread, the connection to
the core (``Desk``), the marks cache, and error reporting."""
