"""The settings dialog: sessions with revoke, the connected app, custom login hosts."""
