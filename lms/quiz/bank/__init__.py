"""The question-bank format, pure: Markdown files to frozen dataclasses."""
