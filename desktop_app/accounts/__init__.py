"""Qt-free accounts: the account book, each account's status, and the one way a session ends."""
