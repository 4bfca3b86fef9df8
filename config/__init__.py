"""Project configuration: settings from the environment, URLs, WSGI and Celery wiring."""

# Importing the Celery app here makes every @shared_task bind to it as soon as Django loads.
from workers.celery_app import app as celery_app

__all__ = ["celery_app"]
