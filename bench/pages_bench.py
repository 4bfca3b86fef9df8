"""Server time of the job seekers' and employers' pages with the demo county loaded: each page
asked ``--repeat`` times through Django's test client (the whole request: middleware, views,
templates, queries), median and 95th percentile, and the queries one request makes. A fresh
SQLite database; the target is 200 ms a page.

    python bench/pages_bench.py [--size 3000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=3000, help="people in the demo county")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="pages-bench-")
    os.environ.update({"DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3", "LOG_LEVEL": "WARNING",
                       "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false",
                       "MATCHING_INDEX_DIR": f"{folder}/matching-index", "ALLOWED_HOSTS": "testserver"})  # fmt: skip
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from jobs.models import Employer, EmployerAccount, Person, SeekerAccount, Vacancy
    from jobs.services.demo import demo_county_load
    from matching.models import Match
    from matching.services.refresh import matches_rebuild

    setup_test_environment()
    call_command("migrate", verbosity=0)
    today = date(2026, 12, 1)
    demo_county_load(size=args.size, seed=2025, today=today)
    matches_rebuild(today=today)
    users = get_user_model().objects
    person = Person.objects.get(pk=Match.objects.filter(person_rank=1).values("person_id")[:1])
    SeekerAccount.objects.create(user=users.create_user("bench-seeker"), person=person)
    employer = Employer.objects.filter(
        status=Employer.Status.APPROVED, vacancies__matches__isnull=False
    ).first()
    assert employer is not None
    EmployerAccount.objects.create(
        user=users.create_user("bench-employer"), employer=employer, phone_hash="x"
    )
    vacancy = Vacancy.objects.filter(employer=employer, matches__isnull=False).first()
    match = Match.objects.filter(person=person).first()
    assert vacancy is not None and match is not None
    pages = {
        "/": ("anyone", "/"),
        "/ with county and words": ("anyone", "/?q=叉车&county=420882"),
        "/ near a point": ("anyone", "/?latitude=31.0&longitude=113.1&radius_km=30"),
        "/jobs/<id>/": ("anyone", f"/jobs/{vacancy.pk}/"),
        "/signup/": ("anyone", "/signup/"),
        "/me/jobs/": ("seeker", "/me/jobs/"),
        "/me/jobs/<id>/": ("seeker", f"/me/jobs/{match.pk}/"),
        "/me/profile/": ("seeker", "/me/profile/"),
        "/me/notices/": ("seeker", "/me/notices/"),
        "/me/training/": ("seeker", "/me/training/"),
        "/me/data/": ("seeker", "/me/data/"),
        "/employer/": ("employer", "/employer/"),
        "/employer/vacancies/<id>/": ("employer", f"/employer/vacancies/{vacancy.pk}/"),
        "/employer/vacancies/new/": ("employer", "/employer/vacancies/new/"),
    }
    clients = {"anyone": Client(), "seeker": Client(), "employer": Client()}
    clients["seeker"].force_login(users.get(username="bench-seeker"))
    clients["employer"].force_login(users.get(username="bench-employer"))
    print(f"demo county of {args.size} people, {Vacancy.objects.count()} vacancies, {Match.objects.count()} matches; "
          f"{args.repeat} requests a page, SQLite, DEBUG off")  # fmt: skip
    print("| page | median | p95 | queries | status |")
    print("|---|---|---|---|---|")
    for name, (who, url) in pages.items():
        client = clients[who]
        client.get(url)  # warm: templates compiled, caches filled
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        p95 = sorted(times)[int(0.95 * (len(times) - 1))]
        print(
            f"| `{name}` | {statistics.median(times):.0f} ms | {p95:.0f} ms | {len(queries)} | {response.status_code} |"
        )


if __name__ == "__main__":
    main()
