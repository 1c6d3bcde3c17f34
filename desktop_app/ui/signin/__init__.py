"""The sign-in dialog: login-host picker, embedded browser that catches the OAuth callback, messages."""
