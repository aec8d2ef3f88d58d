"""What workers do on a schedule for compliance: settle, re-open, remind."""
