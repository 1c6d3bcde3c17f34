"""Connect REST API client, errors, models and photo cache (Qt-free)."""
