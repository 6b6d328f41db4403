"""neighbouring."""
