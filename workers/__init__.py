"""Background work: the Celery app, its queues, the periodic schedule and every task."""
