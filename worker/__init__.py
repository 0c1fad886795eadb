"""Celery worker and beat bootstrap; imports learning, never the other way round."""
