"""The learner's way through courses: catalog, course overview, lessons, progress."""
