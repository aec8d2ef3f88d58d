"""The audit log: writing entries, reading them as pages and exports."""
