"""Celery tasks. Each takes ids or plain values, re-fetches, and calls one service."""

from workers.tasks.imports import imports_run, imports_sweep_uploads
from workers.tasks.matching import (
    matching_rebuild,
    matching_refresh_people,
    matching_refresh_vacancies,
    matching_rescore,
    matching_rescore_finish,
    matching_rescore_shard,
)
from workers.tasks.notices import (
    notices_candidate_digests,
    notices_course_offers,
    notices_deliver,
    notices_job_match_digests,
    notices_new_matches,
    notices_sweep,
    notices_training_offers,
)
from workers.tasks.registry import tokens_delete_expired, vacancies_close_expired
from workers.tasks.returnees import returnees_daily_run, returnees_send
from workers.tasks.subsidies import subsidies_check_all
from workers.tasks.support import notices_plan_digests, support_refresh_all

__all__ = [
    "imports_run",
    "imports_sweep_uploads",
    "matching_rebuild",
    "matching_refresh_people",
    "matching_refresh_vacancies",
    "matching_rescore",
    "matching_rescore_finish",
    "matching_rescore_shard",
    "notices_candidate_digests",
    "notices_course_offers",
    "notices_deliver",
    "notices_job_match_digests",
    "notices_new_matches",
    "notices_plan_digests",
    "notices_sweep",
    "notices_training_offers",
    "returnees_daily_run",
    "returnees_send",
    "subsidies_check_all",
    "support_refresh_all",
    "tokens_delete_expired",
    "vacancies_close_expired",
]
