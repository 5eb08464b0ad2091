"""Text normalisation and intent matching."""
