"""Import a spreadsheet into a registry from the command line: for files too large for a web
request, such as the first load of an existing registry. Same checks as the admin import, one
transaction, nothing written if any row is bad."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jobs.imports.files import REGISTRIES, dataset_load, registry_import


class Command(BaseCommand):
    help = "Import an xlsx or csv file into one registry; all rows or none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("registry", choices=sorted(REGISTRIES))
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        suffix = path.suffix.lower().lstrip(".")
        if suffix not in {"xlsx", "csv"}:
            raise CommandError("The file must be .xlsx or .csv")
        # No row cap here (this is the way for long files), but the archive bound applies.
        try:
            dataset = dataset_load(path.read_bytes(), suffix)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        resource = REGISTRIES[options["registry"]]()
        outcome = registry_import(resource=resource, dataset=dataset, dry_run=options["dry_run"])
        if outcome.problems:
            self.stderr.write("\n".join(outcome.problems))
            raise CommandError(f"{len(outcome.problems)} problem(s); nothing was imported")
        verb = "would import" if options["dry_run"] else "imported"
        self.stdout.write(f"{verb}: {outcome.new} new, {outcome.updated} updated")
