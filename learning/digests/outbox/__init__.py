"""The digest outbox: which digests are due, and building each one exactly once."""
