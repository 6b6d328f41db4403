"""in_context."""
