from typing import Any

from django.core.management.base import BaseCommand

from matching.services.refresh import matches_rebuild


class Command(BaseCommand):
    help = "Rebuild the match index, save it, and rewrite every stored match (as the nightly task does)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = matches_rebuild()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
