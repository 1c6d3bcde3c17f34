"""Where secrets, accounts and settings are kept (Qt-free)."""
