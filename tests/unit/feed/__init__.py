"""Tests of desktop_app.feed."""
