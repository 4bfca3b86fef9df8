"""How often the exposure rule moves an employer's candidate list, and what it costs: the demo
county in a fresh SQLite database (or ``DATABASE_URL``), its tiers found by the daily rules and
every match stored. Counted: the vacancies with a list, those on which a red or yellow person
was placed higher (and from how far down), the red and yellow people then listed. Timed: every
vacancy's list found with the rule and, as the baseline in the same process, the same lists read
without it (nobody flagged); best of three.

    python bench/exposure_bench.py [--size 20000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=20000, help="people in the demo county")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="exposure-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ.update({"LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false",
                       "MATCHING_INDEX_DIR": f"{folder}/matching-index"})  # fmt: skip
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    import numpy as np
    import time_machine
    from django.core.management import call_command

    from jobs.selectors.support import priority_people, support_rules
    from jobs.services.demo import demo_county_load
    from matching.models import Match
    from matching.services.index import index_current
    from matching.services.matches import _vacancy_ranks
    from matching.services.profiles import day_number
    from matching.services.refresh import matches_rebuild

    call_command("migrate", verbosity=0)
    today = date(2026, 12, 1)
    with time_machine.travel(today, tick=False):
        demo_county_load(size=args.size, seed=2025, today=today)
        counts = matches_rebuild(today=today)
    live = index_current(today=today)
    index, at = live.index, support_rules().exposure_rank
    vacancies = set(index.vacancies.ids[index.vacancies.alive].tolist())
    flagged = priority_people()

    def best_of_three(run: Callable[[], Any]) -> float:
        took = []
        for _ in range(3):
            start = time.perf_counter()
            run()
            took.append(time.perf_counter() - start)
        return min(took)

    with_rule = best_of_three(
        lambda: _vacancy_ranks(index, vacancies, priority=flagged, at=at, today=day_number(today))
    )
    baseline = best_of_three(
        lambda: _vacancy_ranks(index, vacancies, priority=set(), at=at, today=day_number(today))
    )

    # From how far down the engine's own order each lifted person came: their place among the
    # kept candidates of the vacancy (its 30 best), or beyond them.
    lifted = list(Match.objects.filter(shown_first=True).values_list("vacancy_id", "person_id"))
    came_from = []
    for vacancy_id, person_id in lifted:
        row = index.vacancies.row_of[vacancy_id]
        kept = index.vacancy_lists.ids[row].tolist()
        came_from.append(kept.index(person_id) + 1 if person_id in kept else None)
    within = [p for p in came_from if p is not None]
    listed = Match.objects.filter(vacancy_rank__isnull=False)
    with_list = listed.values("vacancy_id").distinct().count()
    flagged_listed = listed.filter(person_id__in=flagged).values("person_id").distinct().count()
    naturally = listed.filter(person_id__in=flagged, vacancy_rank__lte=at, shown_first=False)
    print(f"people {counts['people']}, vacancies {counts['vacancies']} ({with_list} with a list), "
          f"red or yellow {len(flagged)}")  # fmt: skip
    print(f"lists moved by the rule: {counts['lists_lifted']} of {with_list} "
          f"({counts['lists_lifted'] / max(with_list, 1):.1%}); lists with a red or yellow person within "
          f"the first {at} by score alone: {naturally.values('vacancy_id').distinct().count()}")  # fmt: skip
    if within:
        print(f"lifted from places {min(within)}-{max(within)} (median {int(np.median(within))}) of the "
              f"kept 30: {len(within)}; from beyond them: {len(came_from) - len(within)}")  # fmt: skip
    print(f"red or yellow people on any employer's list: {flagged_listed}")
    print(f"every vacancy's list with the rule: {with_rule:.3f} s, without (baseline): {baseline:.3f} s, "
          f"ratio {with_rule / baseline:.2f}×")  # fmt: skip


if __name__ == "__main__":
    main()
