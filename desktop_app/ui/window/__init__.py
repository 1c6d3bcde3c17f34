"""The main window and what frames the feed: sidebar, message bar, welcome page, profile panel."""
