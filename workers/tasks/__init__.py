"""Celery tasks. Each takes ids or plain values, re-fetches, and calls one service."""

from workers.tasks.matching import matching_rebuild, matching_refresh_people, matching_refresh_vacancies
from workers.tasks.notices import notices_deliver, notices_sweep
from workers.tasks.registry import vacancies_close_expired

__all__ = [
    "matching_rebuild",
    "matching_refresh_people",
    "matching_refresh_vacancies",
    "notices_deliver",
    "notices_sweep",
    "vacancies_close_expired",
]
