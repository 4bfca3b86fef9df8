"""Reading an import file and importing it, shared by the admin, the background import and the
``import_registry`` command: the same limits on archives, the same resources, all rows or none."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jobs.imports.resources import (
    EmployerResource,
    HardshipResource,
    MigrantRecordResource,
    PersonResource,
    RegistryResource,
    VacancyResource,
)

REGISTRIES: dict[str, type[RegistryResource]] = {
    "people": PersonResource,
    "employers": EmployerResource,
    "vacancies": VacancyResource,
    "migrants": MigrantRecordResource,
    "hardship": HardshipResource,
}
MB = 1024 * 1024
# Rows checked per transaction in a background import: its progress is committed between them.
CHECK_BATCH_ROWS = 500


def registry_of(resource_class: type[RegistryResource]) -> str:
    return next(key for key, cls in REGISTRIES.items() if cls is resource_class)


def archive_check(data: bytes) -> None:
    """Refuse a zip archive (xlsx, ods) that would unpack to more than IMPORT_MAX_UNZIPPED_MB, or
    with a large member packed more tightly than spreadsheets are, from its directory alone:
    before any parser inflates it."""
    if not data.startswith(b"PK\x03\x04"):
        return
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile:
        raise ValidationError(_("File: not a readable xlsx or ods file")) from None
    limit = settings.IMPORT_MAX_UNZIPPED_MB
    ratio = settings.IMPORT_MAX_ZIP_RATIO
    if sum(m.file_size for m in members) > limit * MB:
        raise ValidationError(
            _("File: unpacks to more than %(limit)s MB, more than a spreadsheet of registry rows")
            % {"limit": limit}
        )
    for member in members:
        if member.file_size > MB and member.file_size > ratio * max(member.compress_size, 1):
            raise ValidationError(
                _("File: packed more than %(ratio)s to 1, which spreadsheets never are") % {"ratio": ratio}
            )


TEXT_FORMATS = {"csv", "tsv", "json", "yaml", "html"}


def dataset_load(data: bytes, file_format: str) -> tablib.Dataset:
    """The rows of a spreadsheet or text file, after the archive check."""
    archive_check(data)
    if file_format in TEXT_FORMATS:  # tablib reads these from text, not bytes
        return tablib.Dataset().load(data.decode("utf-8-sig"), format=file_format)
    return tablib.Dataset().load(data, format=file_format)


def rows_over(data: bytes, file_format: str, limit: int) -> bool:
    """Whether the file has more than ``limit`` data rows, reading no further than row
    ``limit + 1``. Call after ``archive_check``."""
    if file_format == "xlsx":
        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        rows: Any = sheet.iter_rows(values_only=True)  # type: ignore[union-attr]
    elif file_format in {"csv", "tsv"}:
        text = io.StringIO(data.decode("utf-8-sig", errors="replace"), newline="")
        rows = csv.reader(text, delimiter="," if file_format == "csv" else "\t")
    else:  # the other formats have no streaming reader; the upload cap bounds them
        rows = iter([(), *dataset_load(data, file_format)])
    for count, _row in enumerate(rows):
        if count > limit:  # the first row is the header
            return True
    return False


def import_problems(result: Any) -> list[str]:
    """Every bad row of an import result, with the column and the rule, one line each; rows
    are numbered as the spreadsheet numbers them (see jobs.imports.resources.SheetResult)."""
    problems = [
        # A message that names its column already ("身份证号：…") is not given it twice.
        _("Row %(row)s: %(error)s") % {"row": row.number, "error": "; ".join(messages)}
        if all(str(m).startswith((f"{column}：", f"{column}:")) for m in messages)
        else _("Row %(row)s %(column)s: %(messages)s")
        % {"row": row.number, "column": column, "messages": "; ".join(messages)}
        for row in result.invalid_rows
        for column, messages in row.error_dict.items()
    ]
    problems += [_("File: %(error)s") % {"error": error.error} for error in result.base_errors]
    problems += [
        _("Row %(row)s: %(error)s") % {"row": number, "error": error.error}
        for number, errors in result.row_errors()
        for error in errors
    ]
    return problems


@dataclass
class ImportOutcome:
    problems: list[str] = field(default_factory=list)
    new: int = 0
    updated: int = 0


def registry_import(
    *,
    resource: RegistryResource,
    dataset: tablib.Dataset,
    dry_run: bool,
    checked: Callable[[int], None] | None = None,
) -> ImportOutcome:
    """Import ``dataset`` through ``resource``: every row or, if any is bad, none.

    With ``checked``, every row is first checked in batches of CHECK_BATCH_ROWS, each rolled
    back, and ``checked(rows so far)`` is called after each, outside any transaction, so that
    progress can be recorded; then a good file is written in one transaction."""
    outcome = ImportOutcome()
    if checked is not None:
        for start in range(0, len(dataset), CHECK_BATCH_ROWS):
            batch = tablib.Dataset(*dataset[start : start + CHECK_BATCH_ROWS], headers=dataset.headers)
            result = resource.import_data(batch, dry_run=True, row_offset=start)
            outcome.problems += import_problems(result)
            outcome.new += result.totals["new"]
            outcome.updated += result.totals["update"]
            checked(start + len(batch))
        if outcome.problems or dry_run:
            return outcome
    result = resource.import_data(dataset, dry_run=dry_run)
    return ImportOutcome(
        problems=import_problems(result), new=result.totals["new"], updated=result.totals["update"]
    )
