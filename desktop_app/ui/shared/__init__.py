"""Pieces several features share: photos, rich text to documents."""
