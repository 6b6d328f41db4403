"""Claims about the samplers themselves (SMOTE moments)."""
