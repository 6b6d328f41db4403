"""The claims registry and the `synthover` CLI: the only place where theory meets simulation."""
