"""What the registry costs to read into the engine's arrays (``people_data``, the part of an
index build done in Python per person), with the occupations coded from people's own words kept
with them (``PersonCoding``) or coded afresh: the demo county in a fresh SQLite database, every
person read three times: with nothing kept (the coder runs for everyone who declares no
occupation, and its codes are stored), with everything kept, and with a tenth of the people's
words changed.

    python bench/profile_build_bench.py [--size 20000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=20000, help="people in the demo county")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="profile-build-bench-")
    os.environ.update({"DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3", "LOG_LEVEL": "WARNING",
                       "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false",
                       "MATCHING_INDEX_DIR": f"{folder}/matching-index"})  # fmt: skip
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = "1"
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.core.management import call_command

    from jobs.models import Person
    from jobs.services.demo import demo_county_load
    from matching.models import PersonCoding
    from matching.services.coding import coder_current
    from matching.services.index import BATCH
    from matching.services.profiles import people_data, taxonomy_snapshot

    call_command("migrate", verbosity=0)
    today = date(2026, 12, 1)
    demo_county_load(size=args.size, seed=2025, today=today)
    coder_current()  # fitted or read from disk before anything is timed
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    undeclared = Person.objects.filter(desired_occupations__isnull=True).count()
    taxonomy = taxonomy_snapshot()

    def build() -> float:
        start = time.perf_counter()
        for first in range(0, len(ids), BATCH):  # as the index build reads them
            people_data(ids[first : first + BATCH], taxonomy, today=today)
        return time.perf_counter() - start

    PersonCoding.objects.all().delete()
    cold = build()
    warm = build()
    changed = ids[::10]
    for person in Person.objects.filter(pk__in=changed):
        Person.objects.filter(pk=person.pk).update(self_description=f"{person.self_description}，也能上夜班")
    tenth = build()
    print(f"demo county of {len(ids)} people, {undeclared} declaring no occupation; SQLite, one core")
    print("| read into arrays | time | per person | against nothing kept |")
    print("|---|---|---|---|")
    for name, seconds in (("nothing kept (all coded, codes stored)", cold), ("codes kept", warm),
                          ("a tenth of the words changed", tenth)):  # fmt: skip
        print(f"| {name} | {seconds:.2f} s | {seconds / len(ids) * 1e3:.3f} ms | {cold / seconds:.2f}x |")


if __name__ == "__main__":
    main()
