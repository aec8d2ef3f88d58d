"""`lms demo seed`: a made-up organisation with real activity and certificates."""
