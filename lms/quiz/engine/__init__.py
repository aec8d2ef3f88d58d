"""The pure quiz runtime: draw, paper, grading, review, statistics."""
