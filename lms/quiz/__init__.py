"""Quizzes: question banks, drawing, grading and Moodle GIFT exchange."""
