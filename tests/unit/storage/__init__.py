"""Tests of desktop_app.storage."""
