"""Tests of desktop_app.auth."""
