"""The administrator's start page: first steps and the system's state."""
