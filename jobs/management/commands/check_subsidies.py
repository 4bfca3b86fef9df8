from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jobs.services.subsidies import subsidies_check


class Command(BaseCommand):
    help = (
        "Check the last year's hires and certificates against every subsidy policy in force now, as "
        "the daily check does (after a policy or a registry correction, say). Safe to run again: "
        "nobody is told twice of one policy and occasion."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--person", type=int, action="append", help="Only this person (id); may repeat")

    def handle(self, *args: Any, **options: Any) -> None:
        report = subsidies_check(person_ids=options["person"])
        self.stdout.write(
            f"{report.occasions} occasions checked; {report.found} entitlements found; {report.told} told."
        )
