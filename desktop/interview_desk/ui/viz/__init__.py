"""Qt views for the attention and positional-encoding visualizers (math in ``viz``)."""
