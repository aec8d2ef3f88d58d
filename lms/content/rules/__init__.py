"""The rules of a course from course.md: completion, the exam gate, learning paths."""
