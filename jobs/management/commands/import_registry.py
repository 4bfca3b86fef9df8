"""Import a spreadsheet into a registry from the command line: for files too large for a web
request, such as the first load of an existing registry. Same checks as the admin import, one
transaction, nothing written if any row is bad."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tablib
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jobs.imports.resources import (
    EmployerResource,
    HardshipResource,
    MigrantRecordResource,
    PersonResource,
    VacancyResource,
)

RESOURCES = {
    "people": PersonResource,
    "employers": EmployerResource,
    "vacancies": VacancyResource,
    "migrants": MigrantRecordResource,
    "hardship": HardshipResource,
}


class Command(BaseCommand):
    help = "Import an xlsx or csv file into one registry; all rows or none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("registry", choices=sorted(RESOURCES))
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        suffix = path.suffix.lower().lstrip(".")
        if suffix not in {"xlsx", "csv"}:
            raise CommandError("The file must be .xlsx or .csv")
        if suffix == "csv":
            dataset = tablib.Dataset().load(path.read_text(encoding="utf-8-sig"), format="csv")
        else:
            dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
        resource = RESOURCES[options["registry"]]()
        result = resource.import_data(dataset, dry_run=options["dry_run"])
        problems = [
            f"第{row.number}行 {column}：{'；'.join(messages)}"
            for row in result.invalid_rows
            for column, messages in row.error_dict.items()
        ]
        problems += [
            f"第{number}行：{error.error}" for number, errors in result.row_errors() for error in errors
        ]
        if problems:
            self.stderr.write("\n".join(problems))
            raise CommandError(f"{len(problems)} problem(s); nothing was imported")
        totals = result.totals
        verb = "would import" if options["dry_run"] else "imported"
        self.stdout.write(f"{verb}: {totals['new']} new, {totals['update']} updated")
