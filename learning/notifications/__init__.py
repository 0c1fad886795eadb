"""The notification centre: what happened that concerns a user, in the app and bundled by mail."""
