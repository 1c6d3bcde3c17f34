"""Tests of desktop_app.api."""
