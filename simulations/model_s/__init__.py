"""model_s."""
