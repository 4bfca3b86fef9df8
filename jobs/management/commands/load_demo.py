from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jobs.models import Person
from jobs.services.demo import demo_county_load


class Command(BaseCommand):
    help = "Load a synthetic demo county (people, employers, vacancies, migrants, hard-to-employ)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", type=int, default=3000, help="number of people (default 3000)")
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="date the data is generated around (default: today)",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if people are already registered"
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="load synthetic people even with DJANGO_ENV=production",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options["allow_production"]:
            # Synthetic citizens must never mix with a real registry by accident.
            raise CommandError(
                "DJANGO_ENV=production: refusing to load synthetic people (--allow-production)"
            )
        if options["size"] < 1:
            raise CommandError("--size must be at least 1")
        if Person.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Registries already hold people; demo county not loaded again.")
                return
            raise CommandError("Registries already hold people; load the demo into an empty database.")
        counts = demo_county_load(size=options["size"], seed=options["seed"], today=options["today"])
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
