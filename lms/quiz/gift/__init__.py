"""Moodle GIFT exchange: reading, importing to bank Markdown, exporting."""
