"""The admin's import form, with the limits of one web request."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export.forms import ImportForm

from jobs.imports.files import MB, archive_check, rows_over


class LimitedImportForm(ImportForm):  # type: ignore[misc]
    """Refuses a file over IMPORT_MAX_UPLOAD_MB and an archive that unpacks too far, before it is
    parsed; marks one of more than IMPORT_MAX_ROWS rows as ``too_many_rows`` (it goes to a
    background import instead of a preview)."""

    too_many_rows = False

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()
        upload = data.get("import_file")
        if upload is None or not data.get("format"):
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
            self.too_many_rows, self.file_format, self.content = upload.import_checked
            return data
        content = b"".join(upload.chunks())
        try:
            archive_check(content)
        except ValidationError as exc:
            self.add_error("import_file", exc)
            return data
        file_format = dict(self.fields["format"].choices).get(data["format"], "")
        try:
            self.too_many_rows = rows_over(content, str(file_format), settings.IMPORT_MAX_ROWS)
        except Exception:  # unreadable: the import reports it as it reads the file
            self.too_many_rows = False
        self.file_format = str(file_format)
        self.content = content
        upload.import_checked = (self.too_many_rows, self.file_format, content)
        return data
