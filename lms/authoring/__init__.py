"""Authors' tools: preview of unsynced content, live Markdown preview, sync now."""
