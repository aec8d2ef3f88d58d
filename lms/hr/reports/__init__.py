"""HR reports: export kinds, their rows, downloads and the transcript."""
