"""HR tools: people import, reports, exports and charts."""
