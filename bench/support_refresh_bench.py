"""What the daily warning rules cost (``support_refresh``): the demo county in a fresh SQLite
database (or ``DATABASE_URL``), the rules applied when nothing changed (the usual morning), and
after a tenth of the people followed were moved a month further out of work (tiers change, plans
open, case workers are told). The baseline, in the same process: reading the same people's rows
the rules read first, the least any daily pass over them costs.

    python bench/support_refresh_bench.py [--size 20000]
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
    folder = tempfile.mkdtemp(prefix="support-refresh-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ.update({"LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false",
                       "MATCHING_INDEX_DIR": f"{folder}/matching-index"})  # fmt: skip
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    import time_machine
    from django.core.management import call_command

    from jobs.models import Person, PlanItem, Support, SupportPlan, TierChange
    from jobs.services.demo import demo_county_load
    from jobs.services.support import support_refresh
    from jobs.services.tier_rules import add_months

    call_command("migrate", verbosity=0)
    today = date(2026, 12, 1)
    with time_machine.travel(today, tick=False):
        demo_county_load(size=args.size, seed=2025, today=today)
    followed = list(Support.objects.order_by("pk").values_list("person_id", flat=True))

    def timed(label: str, run: object) -> float:
        start = time.perf_counter()
        result = run()  # type: ignore[operator]
        took = time.perf_counter() - start
        print(f"{label}: {took:.2f} s  {result}")
        return took

    def baseline() -> int:
        rows = Person.objects.filter(pk__in=followed).values("pk", "employment_status", "status_since")
        return len(list(rows.iterator()))

    with time_machine.travel(today, tick=False):
        read = timed("baseline: read the followed people's rows", baseline)
        quiet = timed("rules, nothing changed", support_refresh)
        # a tenth of the followed, a month longer out of work
        tenth = followed[::10]
        for pk in tenth:
            since = Person.objects.filter(pk=pk).values_list("status_since", flat=True).get()
            Person.objects.filter(pk=pk).update(status_since=add_months(since, -1))
        moved = timed("rules, a tenth a month further out of work", support_refresh)
    print(f"people {Person.objects.count()}, followed {len(followed)}, tier log rows {TierChange.objects.count()}, "
          f"plans {SupportPlan.objects.count()} ({PlanItem.objects.count()} items)")  # fmt: skip
    print(f"ratio to the baseline: nothing changed {quiet / read:.1f}×, a tenth moved {moved / read:.1f}×")


if __name__ == "__main__":
    main()
