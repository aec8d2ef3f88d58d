"""Exercises of a lesson: the block syntax, rendering, and the stored form."""
