"""model_g."""
