"""Benchmarks: real gunicorn, load from another process, ratios to a baseline."""
