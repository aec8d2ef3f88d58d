"""The learner's home page and the health check."""
