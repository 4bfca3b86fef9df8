from typing import Any

from django.core.management.base import BaseCommand

from jobs.services.returnees import returnees_daily


class Command(BaseCommand):
    help = (
        "Do now what the daily run for returning migrant workers does: offer local jobs and training "
        "to those expected home soon, prepare the campaigns of the coming holidays, and send on the "
        "approved ones whose window is open. Safe to run again: nobody is told twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        run = returnees_daily()
        self.stdout.write(
            f"{run.offered} offered ahead of their return; {run.prepared} campaigns prepared; "
            f"{run.sending} approved campaigns sent on."
        )
