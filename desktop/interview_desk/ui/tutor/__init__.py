"""The tutor panel: chat with a local GGUF model (or a remote endpoint) about an entry."""
