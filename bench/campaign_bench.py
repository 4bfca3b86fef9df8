"""What a welcome-home campaign costs per person: the demo county in a fresh SQLite database (or
``DATABASE_URL``), every match stored, a Spring Festival campaign prepared, approved and sent to
everyone working away, in chunks of 500 with its progress kept. The baseline, in the same process
and on the same people, writes the same number of ready-made notices (one per person and
channel, under keys of their own) with no offers looked up: the ratio is what finding each
person's local jobs, course and station costs on top of writing the notices.

    python bench/campaign_bench.py [--size 20000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=20000, help="people in the demo county")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="campaign-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ.update({"LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false",
                       "MATCHING_INDEX_DIR": f"{folder}/matching-index"})  # fmt: skip
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    import time_machine
    from django.core.management import call_command
    from django.db import transaction

    from jobs.models import Person
    from jobs.models.returnees import ReturnCampaign
    from jobs.notices.base import to_person
    from jobs.selectors.migrants import people_away
    from jobs.services.demo import demo_county_load
    from jobs.services.returnees import campaign_approve, campaign_send, campaigns_prepare
    from matching.services.refresh import matches_rebuild
    from workers.models import Notice, NoticeKind
    from workers.outbox import notices_write

    call_command("migrate", verbosity=0)
    today = date(2026, 12, 28)  # Spring Festival 2027 (6 February) is 40 days ahead
    with time_machine.travel(datetime(2026, 12, 28, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        demo_county_load(size=args.size, seed=2025, today=today)
        matches_rebuild(today=today)
        ids = list(people_away().order_by("pk").values_list("pk", flat=True))

        start = time.perf_counter()
        for i in range(0, len(ids), 500):
            with transaction.atomic():
                people = Person.objects.filter(pk__in=ids[i : i + 500])
                notices_write([d for p in people for d in to_person(p, NoticeKind.WELCOME_HOME, f"bench:{p.pk}",
                                                                     "春节将至，接您回家", "家乡欢迎您回家过节！")])  # fmt: skip
        baseline = time.perf_counter() - start
        Notice.objects.filter(key__startswith="bench:").delete()

        campaign = (
            ReturnCampaign.objects.get()
            if ReturnCampaign.objects.exists()
            else campaigns_prepare(today=today)[0]
        )
        campaign_approve(campaign=campaign, by=None, today=campaign.send_from)
        start = time.perf_counter()
        campaign = campaign_send(campaign_id=campaign.pk, today=campaign.send_from)
        sent = time.perf_counter() - start
    written = Notice.objects.filter(kind=NoticeKind.WELCOME_HOME).count()
    with_jobs = Notice.objects.filter(
        kind=NoticeKind.WELCOME_HOME, channel="inbox", body__contains="1. "
    ).count()
    print(f"people {Person.objects.count()}, working away {len(ids)}; campaign {campaign.title} "
          f"{campaign.holiday_on}: {campaign.status}, {campaign.done} done, {campaign.told} told, "
          f"{written} notices ({with_jobs} with local jobs)")  # fmt: skip
    print(f"campaign send: {sent:.2f} s ({len(ids) / sent:.0f} people/s); ready-made notices (baseline): "
          f"{baseline:.2f} s ({len(ids) / baseline:.0f} people/s); ratio {sent / baseline:.2f}×")  # fmt: skip


if __name__ == "__main__":
    main()
