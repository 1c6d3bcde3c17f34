"""Watching every account for activity: unread counts, desktop notifications and the tray icon."""
