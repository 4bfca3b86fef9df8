"""The admin's import form, with the limits of one web request."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export.forms import ImportForm, SelectableFieldsExportForm
from import_export.resources import ModelResource

from jobs.imports.files import MB, REGISTRIES, archive_check, rows_over


def format_of(content: bytes, file_name: str) -> str | None:
    """A file's format from its first bytes (a zip is xlsx unless it says it is ods, an OLE2
    file is xls) or, for text, its extension; a text file without one is csv when its first
    line has a comma, tsv when it has a tab. None when the file does not tell."""
    name = file_name.lower()
    if content.startswith(b"PK\x03\x04"):
        return "ods" if b"application/vnd.oasis.opendocument.spreadsheet" in content[:200] else "xlsx"
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    if extension in {"csv", "tsv", "json", "yaml", "html"}:
        return extension
    first_line = content[:4096].split(b"\n", 1)[0]
    if b"," in first_line:
        return "csv"
    if b"\t" in first_line:
        return "tsv"
    return None


class LimitedImportForm(ImportForm):  # type: ignore[misc]
    """Refuses a file over IMPORT_MAX_UPLOAD_MB and an archive that unpacks too far, before it is
    parsed; marks one of more than IMPORT_MAX_ROWS rows as ``too_many_rows`` (it goes to a
    background import instead of a preview). The format is told from the file; the choice of
    one is needed only when the file does not tell."""

    too_many_rows = False

    def __init__(self, formats: Any, resources: Any, **kwargs: Any) -> None:
        super().__init__(formats, resources, **kwargs)
        self.titles = [f().get_title() for f in formats]
        self.fields["format"].required = False
        self.fields["format"].help_text = _("Told from the file; choose only if the file does not say")
        # The registry whose empty template the page offers (see ImportJobAdmin).
        self.registry = next((k for k, cls in REGISTRIES.items() if cls in list(resources)), "")

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()
        upload = data.get("import_file")
        if upload is None:
            return data
        if upload.size > settings.IMPORT_MAX_UPLOAD_MB * MB:
            self.add_error(
                "import_file",
                _(
                    "File: larger than %(limit)s MB, the most the admin takes; import it with "
                    "the import_registry command"
                )
                % {"limit": settings.IMPORT_MAX_UPLOAD_MB},
            )
            return data
        if hasattr(upload, "import_checked"):  # the admin validates the same upload twice
            self.too_many_rows, self.file_format, self.content, data["format"] = upload.import_checked
            return data
        content = b"".join(upload.chunks())
        try:
            archive_check(content)
        except ValidationError as exc:
            self.add_error("import_file", exc)
            return data
        file_format = format_of(content, upload.name or "")
        if file_format not in self.titles:
            chosen = dict(self.fields["format"].choices).get(data.get("format") or "", "")
            file_format = str(chosen) if chosen in self.titles else None
        if file_format is None:
            self.add_error("format", _("Format: the file does not say; choose one"))
            return data
        data["format"] = str(self.titles.index(file_format))
        try:
            self.too_many_rows = rows_over(content, file_format, settings.IMPORT_MAX_ROWS)
        except Exception:  # unreadable: the import reports it as it reads the file
            self.too_many_rows = False
        self.file_format = file_format
        self.content = content
        upload.import_checked = (self.too_many_rows, self.file_format, content, data["format"])
        return data


class ColumnNamedExportForm(SelectableFieldsExportForm):  # type: ignore[misc]
    """The export page offers each column by its Chinese header, as the file will name it (the
    library labels it by the attribute name in English, "Id Number (身份证号)")."""

    def _get_field_label(self, resource: type[ModelResource], field_name: str) -> str:
        field = resource.fields.get(field_name)
        return str(field.column_name) if field is not None else field_name
