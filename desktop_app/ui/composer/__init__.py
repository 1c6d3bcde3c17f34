"""Writing a post: the composer box and @mention completion."""
