"""Qt-free feed logic: the pager, edits, row heights and element text."""
