"""Start-up, the composition root, API workers, background tasks, single instance and self-check."""
