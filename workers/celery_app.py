import os

from celery import Celery
from kombu import Queue as KombuQueue

from workers.queues import ROUTES, Queue
from workers.schedule import BEAT_SCHEDULE

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("employment")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_default_queue = Queue.DEFAULT.value
app.conf.task_queues = [KombuQueue(q.value, routing_key=q.value) for q in Queue]
app.conf.task_routes = ROUTES
app.conf.beat_schedule = BEAT_SCHEDULE
app.autodiscover_tasks(["workers"], related_name="tasks")
