"""Celery tasks. Each takes ids or plain values, re-fetches, and calls one service."""

from workers.tasks.registry import vacancies_close_expired

__all__ = ["vacancies_close_expired"]
