"""Spreadsheet import throughput of the labour registry, against the floor of writing the same
rows directly.

    python bench/import_bench.py [--rows 5000]

Runs against DATABASE_URL (default: a fresh SQLite file in a temporary folder). Prints one
table; the ratio is import time over the direct write, measured in the same process on the
same rows.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="import-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ.setdefault("VAR_DIR", folder)
    os.environ.setdefault("DEBUG", "false")  # as in production: no per-query debug bookkeeping
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    call_command("load_taxonomy", verbosity=0)

    import random

    import tablib

    from jobs.imports.resources import PersonResource
    from jobs.models import Education, Person
    from jobs.services.people import person_set_identity
    from jobs.validators import id_check_char

    rng = random.Random(1)
    headers = ["姓名", "身份证号", "手机号", "现居住地", "学历", "就业状态", "正在求职", "技能", "期望职业"]
    rows = []
    for i in range(args.rows):
        body = (
            f"420821{rng.randint(1965, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{i % 1000:03d}"
        )
        rows.append(
            [
                f"测试{i}",
                body + id_check_char(body),
                f"139{i:08d}",
                "京山市",
                "初中",
                "失业",
                "是",
                "开叉车、装卸",
                "叉车司机",
            ]
        )
    data = tablib.Dataset(*rows, headers=headers)

    def timed(label: str, work) -> float:  # type: ignore[no-untyped-def]
        with transaction.atomic():
            start = time.perf_counter()
            work()
            elapsed = time.perf_counter() - start
            transaction.set_rollback(True)  # each run starts from the same empty registry
        print(f"| {label} | {args.rows} | {elapsed:.2f} s | {args.rows / elapsed:,.0f} rows/s |")
        return elapsed

    def direct() -> None:
        from jobs.models import Region

        region = Region.objects.get(code="420882")
        people = []
        for row in rows:
            person = Person(name=row[0], home_region=region, education=Education.JUNIOR_HIGH,
                            employment_status="unemployed", is_seeking=True, source="import")  # fmt: skip
            person_set_identity(person=person, id_number=row[1], phone=row[2])
            people.append(person)
        Person.objects.bulk_create(people, batch_size=500)

    def imported() -> None:
        result = PersonResource().import_data(data, dry_run=False)
        assert not result.has_errors() and not result.has_validation_errors()

    print(f"Labour registry import, {connection.vendor}, {os.cpu_count()} cores")
    print("| what | rows | time | throughput |")
    print("|---|---|---|---|")
    floor = timed("direct write (validate ID and phone, encrypt, bulk insert)", direct)
    full = timed("spreadsheet import (every column checked, row by row)", imported)
    print(f"\nimport / direct write: {full / floor:.1f}x")


if __name__ == "__main__":
    main()
