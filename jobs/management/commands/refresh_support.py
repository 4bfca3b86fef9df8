from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jobs.services.support import support_refresh


class Command(BaseCommand):
    help = (
        "Apply the warning rules now, as the daily run does (after a correction, say). "
        "Safe to run again: a second run the same day changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--person", type=int, action="append", help="Only this person (id); may repeat")

    def handle(self, *args: Any, **options: Any) -> None:
        report = support_refresh(person_ids=options["person"])
        self.stdout.write(
            f"{report.assessed} people assessed; {report.created} newly followed; "
            f"{report.logged} tier changes logged; {report.expired} staff tiers expired; "
            f"{report.plans_closed} plans closed; zero-employment households: {report.households_opened} found, "
            f"{report.households_closed} with somebody in work again."
        )
