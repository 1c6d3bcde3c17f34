"""Tests of the demo org."""
