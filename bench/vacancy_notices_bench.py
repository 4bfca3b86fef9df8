"""From a vacancy saved to its matched people's notices queued, in a registry of a million
people on PostgreSQL, against re-ranking everyone (what a nightly-only design would need).

    python bench/vacancy_notices_bench.py [--people 1000000] [--vacancies 50000] [--trials 7]

Creates the database ``vacancy_bench`` (dropped at the end) and uses Redis database 13 (emptied
before and after). People and vacancies are written with COPY, spread over the counties of
Hubei; their texts use the taxonomy's everyday words. Every row carries the same encrypted ID
number and phone (only the keyed hashes are unique): encrypting a million values would add
minutes of set-up and nothing to what is measured.

Each trial saves a new vacancy, then runs in this process what the worker runs after the
commit: the re-scoring of the vacancy (``matching.refresh_vacancies``) and the notices it leads
to (``notices.new_matches``), up to the delivery messages being in Redis. No matches are stored
beforehand, so each person whose list the vacancy enters has their whole list written, not only
the new pair: an upper bound on the steady state.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE = "vacancy_bench"
SERVER = "postgres://postgres@127.0.0.1:5432"
BROKER = "redis://127.0.0.1:6379/13"


def admin_sql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--vacancies", type=int, default=50_000)
    parser.add_argument("--trials", type=int, default=7)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="vacancy-bench-")
    os.environ.update(
        DATABASE_URL=f"{SERVER}/{DATABASE}", CELERY_BROKER_URL=BROKER, VAR_DIR=folder, DEBUG="false",
        DJANGO_SETTINGS_MODULE="config.settings",
    )  # fmt: skip
    admin_sql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    admin_sql(f"CREATE DATABASE {DATABASE}")
    import redis

    broker = redis.Redis.from_url(BROKER)
    broker.flushdb()
    try:
        run(args, broker)
    finally:
        broker.flushdb()
        from django.db import connections

        connections.close_all()
        admin_sql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def fill(people: int, vacancies: int, rng: random.Random) -> None:
    """People, employers and vacancies by COPY, texts from the taxonomy's words."""
    import psycopg
    from django.utils import timezone

    from jobs import crypto
    from jobs.models import Occupation, Region
    from jobs.services.people import id_number_hash, phone_hash

    counties = list(
        Region.objects.filter(code__startswith="42", level=3, latitude__isnull=False).values_list(
            "code", flat=True
        )
    )
    words = []
    for occupation in Occupation.objects.prefetch_related("skills"):
        names = [occupation.name, *occupation.synonym_list]
        skills = [s.name for s in occupation.skills.all()] or [occupation.name]
        words.append((occupation.pk, names, skills))
    # Written yesterday: the index's catch-up looks back a minute, and would take a registry
    # written just now for a day's worth of edits.
    now = timezone.now() - timedelta(days=1)
    today = timezone.localdate()
    secret_id, secret_phone = crypto.encrypt("420821199005170013"), crypto.encrypt("13900000000")
    person_columns = (
        "name, id_number, id_number_hash, birth_date, sex, ethnicity, phone, phone_hash, email, home_region_id, "
        "address, education, major, employment_status, status_since, is_seeking, expected_wage, expected_wage_unit, "
        "wants_full_time, wants_part_time, wants_gig, wants_shared, commute_radius_km, accepts_anywhere, "
        "self_description, consent_matching, consent_contact, consent_recorded_at, consent_text_version, notify_sms, "
        "notify_wechat, notify_email, wechat_openid, source, created_at, updated_at"
    )
    with psycopg.connect(f"{SERVER}/{DATABASE}") as conn, conn.cursor() as cursor:
        with cursor.copy(f"COPY jobs_person ({person_columns}) FROM STDIN") as copy:
            for i in range(people):
                _, names, skills = rng.choice(words)
                text = f"做过{rng.choice(names)}，会{rng.choice(skills)}"
                copy.write_row((
                    f"求职者{i}", secret_id, id_number_hash(f"bench-id-{i}"), "1990-05-17", "M", "", secret_phone,
                    phone_hash(f"bench-phone-{i}"), "", rng.choice(counties), "", rng.randint(2, 5), "",
                    "unemployed", today, True, rng.randrange(3000, 9000, 500), "month", True, False, False, False,
                    rng.choice((10, 20, 30, 50)), rng.random() < 0.03, text, True, True, now, "v1", True, False,
                    False, "", "import", now, now,
                ))  # fmt: skip
        employers = max(vacancies // 25, 1)
        with cursor.copy(
            "COPY jobs_employer (name, credit_code, industry, region_id, address, contact_name, contact_phone, "
            "description, status, created_at, updated_at) FROM STDIN"
        ) as copy:
            for i in range(employers):
                copy.write_row((f"测试企业{i}", f"91420882{i:010d}", "C", rng.choice(counties), "", "", secret_phone,
                                "", "approved", now, now))  # fmt: skip
        cursor.execute("SELECT min(id) FROM jobs_employer")
        first_employer = cursor.fetchone()[0]  # type: ignore[index]
        with cursor.copy(
            "COPY jobs_vacancy (employer_id, title, occupation_id, description, work_type, headcount, filled_count, "
            "wage_min, wage_max, wage_unit, region_id, address, valid_from, valid_until, status, created_at, "
            "updated_at) FROM STDIN"
        ) as copy:
            for i in range(vacancies):
                occupation_id, names, skills = rng.choice(words)
                wage = rng.randrange(3500, 8000, 500)
                copy.write_row((
                    first_employer + i % employers, names[0], occupation_id,
                    f"招聘{rng.choice(names)}，要求会{'、'.join(rng.sample(skills, min(2, len(skills))))}，包吃住",
                    "full_time", 3, 0, wage, wage + 1500, "month", rng.choice(counties), "",
                    today - timedelta(days=10), today + timedelta(days=50), "open", now, now,
                ))  # fmt: skip
        cursor.execute("ANALYZE")


def run(args: argparse.Namespace, broker: object) -> None:
    import django

    django.setup()
    import redis
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from jobs.models import Employer, Occupation, Region, Vacancy
    from jobs.notices.digests import new_matches_tell
    from matching.models import Match
    from matching.services.index import index_build, index_install
    from matching.services.profiles import day_number
    from matching.services.refresh import matches_refresh_vacancies
    from workers.models import Notice

    assert isinstance(broker, redis.Redis)
    call_command("migrate", verbosity=0)
    call_command("load_taxonomy", verbosity=0)
    rng = random.Random(5)
    start = time.perf_counter()
    fill(args.people, args.vacancies, rng)
    print(
        f"registry written: {args.people:,} people, {args.vacancies:,} vacancies in {time.perf_counter() - start:.0f} s"
    )
    start = time.perf_counter()
    live, _ = index_build()
    index_install(live)
    built = time.perf_counter() - start
    print(f"index built from the database (profiles, features, both ways ranked): {built:.0f} s")

    counties = list(Region.objects.filter(code__startswith="42", level=3, latitude__isnull=False))
    occupations = list(Occupation.objects.all())
    employers = list(Employer.objects.all()[:100])
    today = timezone.localdate()
    print(
        f"\nVacancy saved → its matched people's notices queued, {args.people:,} people, PostgreSQL and Redis"
    )
    print("| trial | people whose list it entered | digests | notices | delivery messages | time |")
    print("|---|---|---|---|---|---|")
    times = []
    for trial in range(args.trials):
        occupation = rng.choice(occupations)
        with transaction.atomic():
            vacancy = Vacancy.objects.create(
                employer=rng.choice(employers), title=occupation.name, occupation=occupation,
                description=f"招聘{occupation.name}，包吃住，缴纳五险一金", headcount=5, wage_min=5000,
                wage_max=7000, region=rng.choice(counties), valid_from=today, valid_until=today + timedelta(days=60),
                status=Vacancy.Status.OPEN,
            )  # fmt: skip
        notices_before, messages_before = Notice.objects.count(), broker.llen("notices")
        start = time.perf_counter()
        matches_refresh_vacancies(vacancy_ids=[vacancy.pk])
        told = new_matches_tell(vacancy_ids=[vacancy.pk])
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        entered = Match.objects.filter(vacancy=vacancy, person_rank__isnull=False).count()
        print(f"| {trial + 1} | {entered:,} | {told['digests']:,} | "
              f"{Notice.objects.count() - notices_before:,} | {broker.llen('notices') - messages_before:,} | "
              f"{elapsed * 1000:,.0f} ms |")  # fmt: skip
    start = time.perf_counter()
    live.index.rank_all(today=day_number(today))
    everyone = time.perf_counter() - start
    median = statistics.median(times)
    print(f"\nmedian {median * 1000:,.0f} ms, slowest {max(times) * 1000:,.0f} ms; "
          f"re-ranking everyone instead: {everyone:.0f} s ({everyone / median:,.0f}x)")  # fmt: skip


if __name__ == "__main__":
    main()
