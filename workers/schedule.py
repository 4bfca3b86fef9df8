"""Every periodic schedule in one place.

The scheduler copies these into the database at start-up, where city staff can adjust them in
the admin (django-celery-beat).
"""

from celery.schedules import crontab

from workers.queues import Queue

BEAT_SCHEDULE = {
    "close-expired-vacancies": {
        "task": "jobs.vacancies_close_expired",
        # Shortly after midnight local time, so that a vacancy valid "until today" stays open
        # for the whole of its last day.
        "schedule": crontab(hour=0, minute=10),
        "options": {"queue": Queue.DEFAULT.value, "expires": 6 * 3600},
    },
    "delete-expired-tokens": {
        "task": "accounts.tokens_delete_expired",
        # Sign-in leaves other expired tokens alone (a query a request saved); they go nightly.
        "schedule": crontab(hour=0, minute=20),
        "options": {"queue": Queue.DEFAULT.value, "expires": 6 * 3600},
    },
    "refresh-support": {
        "task": "support.refresh",
        # Early on the local day whose date the rules count months to; before the nightly
        # re-scoring, which reads the tiers.
        "schedule": crontab(hour=1, minute=0),
        "options": {"queue": Queue.DEFAULT.value, "expires": 12 * 3600},
    },
    "check-subsidies": {
        "task": "subsidies.check",
        # After the night's tiers (a subsidy may read the registry), well before the working
        # day, so that those eligible hear of it in the morning.
        "schedule": crontab(hour=1, minute=30),
        "options": {"queue": Queue.DEFAULT.value, "expires": 12 * 3600},
    },
    "rescore-everyone": {
        "task": "matching.rescore",
        # After expired vacancies are closed, before staff and job seekers start their day; its
        # shards go to every worker of the slow queue.
        "schedule": crontab(hour=2, minute=0),
        "options": {"queue": Queue.SLOW.value, "expires": 12 * 3600},
    },
    "job-match-digests": {
        "task": "notices.job_match_digests",
        # In the morning, after the nightly rebuild, when an SMS is welcome.
        "schedule": crontab(hour=9, minute=0),
        "options": {"queue": Queue.NOTICES.value, "expires": 6 * 3600},
    },
    "candidate-digests": {
        "task": "notices.candidate_digests",
        "schedule": crontab(hour=9, minute=5),
        "options": {"queue": Queue.NOTICES.value, "expires": 6 * 3600},
    },
    "plan-digests": {
        "task": "notices.plan_digests",
        # At the start of the working day, after the night's tiers and plans.
        "schedule": crontab(hour=8, minute=30),
        "options": {"queue": Queue.NOTICES.value, "expires": 6 * 3600},
    },
    "returnees": {
        "task": "returnees.daily",
        # In the morning, after the nightly re-scoring the offers read; staff approve a
        # prepared campaign during the day.
        "schedule": crontab(hour=9, minute=15),
        "options": {"queue": Queue.DEFAULT.value, "expires": 12 * 3600},
    },
    "training-offers": {
        "task": "notices.training_offers",
        # Weekly, so that a course is offered in good time and nobody hears of courses daily.
        "schedule": crontab(hour=9, minute=30, day_of_week=1),
        "options": {"queue": Queue.NOTICES.value, "expires": 24 * 3600},
    },
    "sweep-notices": {
        "task": "notices.sweep",
        # Retries fall due and lost messages are found within a minute.
        "schedule": 60.0,
        "options": {"queue": Queue.NOTICES.value, "expires": 120},
    },
    "sweep-import-uploads": {
        "task": "imports.sweep_uploads",
        # Uploads an hour old were abandoned; a sweep every 10 minutes keeps none much longer.
        "schedule": 600.0,
        "options": {"queue": Queue.DEFAULT.value, "expires": 600},
    },
}
