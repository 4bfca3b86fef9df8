from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from matching.services.evaluation import matching_evaluate


class Command(BaseCommand):
    help = (
        "Measure matching quality on the demo county against its hidden ground truth: "
        "Recall@k, NDCG@k and MRR both ways, for a TF-IDF baseline and each added part."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--k", type=int, default=10)
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD")

    def handle(self, *args: Any, k: int, today: date | None, **options: Any) -> None:
        try:
            rows = matching_evaluate(today=today, k=k)
        except ValueError as e:
            raise CommandError(str(e)) from e
        head = f"| variant | person→jobs R@{k} | NDCG@{k} | MRR | own words R@{k} | MRR | vacancy→people R@{k} | NDCG@{k} | MRR |"
        self.stdout.write(head)
        self.stdout.write("|" + "---|" * 10)
        for r in rows:
            self.stdout.write(
                f"| {r.variant} | {r.people.recall:.3f} | {r.people.ndcg:.3f} | {r.people.mrr:.3f} "
                f"| {r.own_words.recall:.3f} | {r.own_words.mrr:.3f} "
                f"| {r.vacancies.recall:.3f} | {r.vacancies.ndcg:.3f} | {r.vacancies.mrr:.3f} |"
            )
        first = rows[0]
        self.stdout.write(
            f"queries: {first.people.queries} people ({first.own_words.queries} in their own words), "
            f"{first.vacancies.queries} vacancies"
        )
