"""The Qt user interface: windows, views, models and worker threads."""
