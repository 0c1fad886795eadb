"""Where a user starts: the home page after login, and the health check."""
