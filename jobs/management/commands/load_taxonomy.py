from typing import Any

from django.core.management.base import BaseCommand

from jobs.services.roles import roles_ensure
from jobs.services.taxonomy import taxonomy_load


class Command(BaseCommand):
    help = "Create the seed occupations and skills and the staff groups (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = taxonomy_load()
        roles_ensure()
        self.stdout.write(f"{created} taxonomy entries created; staff groups refreshed.")
