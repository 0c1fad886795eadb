"""Celery worker and beat: bootstraps the Flask app and holds the thin tasks."""
