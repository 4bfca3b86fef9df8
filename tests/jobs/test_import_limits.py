"""Uploads are kept encrypted only as long as an import needs them, and one web request takes a
bounded file: larger ones are refused or imported in the background."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jobs.imports.uploads import upload_save, uploads_sweep
from jobs.models import ImportJob, ImportUpload, Person
from jobs.services.roles import STATION_STAFF
from tests.factories import make_id_number, staff_user
from tests.jobs.test_import_export import PERSON_HEADERS, admin_import, person_row
from workers.tasks.imports import imports_run, imports_sweep_uploads

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def staff_client(settings: Any) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # pages in English, to assert on the rules
    client.force_login(staff_user("jingshan", "420882", groups=[STATION_STAFF]))
    return client


def csv_upload(rows: list[list[str]], name: str = "people.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(PERSON_HEADERS)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"))


def plain_files_with(root: Path, text: str) -> list[Path]:
    if not root.exists():
        return []
    return [p for p in root.rglob("*") if p.is_file() and text.encode() in p.read_bytes()]


def stored_bytes() -> bytes:
    return b"".join(bytes(content) for content in ImportUpload.objects.values_list("content", flat=True))


# --- Uploads at rest ------------------------------------------------------------------------------


def test_a_preview_with_errors_keeps_no_copy_of_the_file(media: Path, staff_client: Client) -> None:
    # given a file with one bad row
    number = make_id_number()
    upload = csv_upload([person_row(身份证号=number), person_row(现居住地="火星基地")])
    # when previewed
    preview = admin_import(staff_client, "person", upload, "csv")
    # then it cannot be confirmed and nothing of it is kept
    assert preview.status_code == 200 and preview.context.get("confirm_form") is None
    assert plain_files_with(media, number) == []
    assert ImportUpload.objects.count() == 0


def test_between_preview_and_confirm_the_file_is_kept_encrypted_and_then_deleted(
    media: Path, staff_client: Client
) -> None:
    # given a good file, previewed
    number = make_id_number()
    preview = admin_import(staff_client, "person", csv_upload([person_row(身份证号=number)]), "csv")
    # then one encrypted copy waits for the confirmation, and no plain one
    assert ImportUpload.objects.count() == 1
    assert number.encode() not in stored_bytes() and "王五".encode() not in stored_bytes()
    assert plain_files_with(media, number) == []
    # when confirmed
    done = staff_client.post(
        reverse("admin:jobs_person_process_import"), preview.context["confirm_form"].initial
    )
    # then the person is imported and the copy is gone
    assert done.status_code == 302 and Person.objects.get().id_number == number
    assert ImportUpload.objects.count() == 0 and plain_files_with(media, number) == []


def test_an_abandoned_preview_is_swept_after_an_hour_and_a_recent_one_kept(
    media: Path, staff_client: Client
) -> None:
    # given a preview never confirmed, 61 minutes old, and another just made
    number = make_id_number()
    admin_import(staff_client, "person", csv_upload([person_row(身份证号=number)]), "csv")
    ImportUpload.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    recent = upload_save(data=b"fresh")
    assert plain_files_with(media, number) == []
    # when the scheduled sweep runs
    deleted = imports_sweep_uploads()
    # then
    assert deleted == 1
    assert list(ImportUpload.objects.values_list("name", flat=True)) == [recent]


# --- Limits of the admin ----------------------------------------------------------------------------


def test_the_import_page_states_the_limits_before_the_upload(staff_client: Client, english: None) -> None:
    page = staff_client.get(reverse("admin:jobs_person_import")).content.decode()
    assert "Files up to 10 MB" in page and "up to 5000 rows is previewed" in page


def test_a_file_over_the_size_cap_is_refused_naming_the_limit(
    staff_client: Client, settings: Any, english: None
) -> None:
    # given a cap of 1 MB and a file a little larger
    settings.IMPORT_MAX_UPLOAD_MB = 1
    upload = csv_upload([person_row(姓名="x" * 1000) for _ in range(1100)])
    # when
    response = admin_import(staff_client, "person", upload, "csv")
    # then
    assert "larger than 1 MB" in response.content.decode() and "import_registry" in response.content.decode()
    assert response.context.get("result") is None and ImportUpload.objects.count() == 0


def zip_bomb(path: Path | None = None) -> bytes:
    """A real xlsx whose sheet unpacks to 12 MB (blank space between two rows) in a few kB."""
    book = openpyxl.Workbook()
    book.active.append(PERSON_HEADERS)  # type: ignore[union-attr]
    book.active.append(person_row())  # type: ignore[union-attr]
    plain = io.BytesIO()
    book.save(plain)
    bomb = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (12 * 1024 * 1024))
            target.writestr(member.filename, data)
    if path is not None:
        path.write_bytes(bomb.getvalue())
    return bomb.getvalue()


def test_an_xlsx_that_unpacks_too_far_is_refused_before_it_is_parsed(
    staff_client: Client, settings: Any, english: None
) -> None:
    # given an unpacking bound of 10 MB and a small file that unpacks to 12 MB
    settings.IMPORT_MAX_UNZIPPED_MB = 10
    data = zip_bomb()
    assert len(data) < 100_000
    # when
    response = admin_import(staff_client, "person", SimpleUploadedFile("劳动力.xlsx", data), "xlsx")
    # then no preview: the file was never read
    assert "unpacks to more than 10 MB" in response.content.decode()
    assert response.context.get("result") is None and Person.objects.count() == 0


def test_an_xlsx_packed_tighter_than_a_spreadsheet_is_refused(staff_client: Client, english: None) -> None:
    # given the default bounds: 12 MB is below the unpacked bound, its ratio is far above 100:1
    response = admin_import(staff_client, "person", SimpleUploadedFile("劳动力.xlsx", zip_bomb()), "xlsx")
    assert "packed more than 100 to 1" in response.content.decode()
    assert response.context.get("result") is None


def test_the_command_refuses_the_same_archive(tmp_path: Path, settings: Any, english: None) -> None:
    settings.IMPORT_MAX_UNZIPPED_MB = 10
    with pytest.raises(CommandError, match="unpacks to more than 10 MB"):
        zip_bomb(tmp_path / "bomb.xlsx")
        call_command("import_registry", "people", str(tmp_path / "bomb.xlsx"))
    assert Person.objects.count() == 0


# --- Background imports -------------------------------------------------------------------------------


def offer_and_start(client: Client, rows: list[list[str]], capture: Any) -> ImportJob:
    offer = admin_import(client, "person", csv_upload(rows), "csv")
    assert offer.status_code == 200 and offer.context["background_offer"]
    assert Person.objects.count() == 0 and ImportUpload.objects.count() == 1
    with capture(execute=False) as queued:
        started = client.post(reverse("admin:jobs_person_import"), {
            "background_upload": offer.context["background_offer"]["upload"],
            "file_name": "people.csv", "file_format": "csv",
        })  # fmt: skip
    job = ImportJob.objects.get()
    assert started.status_code == 302 and started["Location"] == reverse(
        "admin:jobs_importjob_change", args=[job.pk]
    )
    assert len(queued) == 1  # the task is queued once the job is committed
    return job


def test_a_file_over_the_row_cap_is_imported_in_the_background_with_progress(
    staff_client: Client, settings: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given a row cap of 3 and a good file of 5 rows, checked 2 rows at a time
    settings.IMPORT_MAX_ROWS = 3
    monkeypatch.setattr("jobs.imports.files.CHECK_BATCH_ROWS", 2)
    rows = [person_row(姓名=f"工人{i}") for i in range(5)]
    # when staff upload it and accept the offer of a background import
    job = offer_and_start(staff_client, rows, django_capture_on_commit_callbacks)
    assert (job.status, job.upload is not None) == (ImportJob.Status.QUEUED, True)
    # when the worker runs it (twice: the second finds it taken)
    imports_run(job.pk)
    imports_run(job.pk)
    # then every row is imported and the job shows it, without the upload
    job.refresh_from_db()
    assert sorted(Person.objects.values_list("name", flat=True)) == [f"工人{i}" for i in range(5)]
    assert (job.status, job.rows_checked, job.rows_total, job.rows_new, job.errors) == ("done", 5, 5, 5, [])
    assert ImportUpload.objects.count() == 0
    page = staff_client.get(reverse("admin:jobs_importjob_change", args=[job.pk]))
    assert page.status_code == 200 and "5 / 5" in page.content.decode()


def test_a_bad_row_in_a_background_import_writes_nothing_and_is_recorded(
    staff_client: Client,
    settings: Any,
    monkeypatch: Any,
    django_capture_on_commit_callbacks: Any,
    english: None,
) -> None:
    # given a file with a bad region, a person outside the staff's area, and an ID number that
    # repeats one of an earlier batch
    settings.IMPORT_MAX_ROWS = 3
    monkeypatch.setattr("jobs.imports.files.CHECK_BATCH_ROWS", 2)
    number = make_id_number()
    rows = [
        person_row(身份证号=number), person_row(), person_row(), person_row(现居住地="火星基地"),
        person_row(现居住地="钟祥市"), person_row(身份证号=number),
    ]  # fmt: skip
    job = offer_and_start(staff_client, rows, django_capture_on_commit_callbacks)
    # when
    imports_run(job.pk)
    # then
    job.refresh_from_db()
    text = " ".join(job.errors)
    assert job.status == ImportJob.Status.FAILED and job.rows_checked == 6
    # (rows numbered as the spreadsheet numbers them: the header is row 1)
    assert "Row 5 现居住地" in text and "Row 6: 现居住地: outside your area" in text
    assert "Row 7: 身份证号: same as row 2" in text
    assert Person.objects.count() == 0 and ImportUpload.objects.count() == 0


def test_the_sweep_keeps_the_upload_of_a_background_import_still_queued(
    staff_client: Client, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.IMPORT_MAX_ROWS = 1
    offer_and_start(staff_client, [person_row(), person_row()], django_capture_on_commit_callbacks)
    ImportUpload.objects.update(created_at=timezone.now() - timedelta(hours=3))
    assert uploads_sweep() == 0 and ImportUpload.objects.count() == 1


def test_a_background_import_interrupted_long_ago_is_failed_and_its_upload_swept(
    staff_client: Client, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given a job whose worker died while checking, older than any task can run plus an hour
    settings.IMPORT_MAX_ROWS = 1
    job = offer_and_start(staff_client, [person_row(), person_row()], django_capture_on_commit_callbacks)
    stale = (
        timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT) - timedelta(hours=1, minutes=1)
    )
    ImportJob.objects.update(status=ImportJob.Status.CHECKING, created_at=stale)
    ImportUpload.objects.update(created_at=stale)

    # when the sweep runs
    deleted = uploads_sweep()

    # then the job says it failed and the file is gone
    job.refresh_from_db()
    assert deleted == 1 and ImportUpload.objects.count() == 0
    assert job.status == ImportJob.Status.FAILED and job.errors and job.finished_at is not None


def test_a_tab_separated_file_is_read_like_a_csv() -> None:
    from jobs.imports.files import dataset_load

    data = "\t".join(PERSON_HEADERS) + "\n" + "\t".join(person_row(姓名="工人")) + "\n"
    assert dataset_load(data.encode(), "tsv").dict[0]["姓名"] == "工人"


def test_a_background_import_asked_for_twice_is_one_job(
    staff_client: Client, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given a job started for an upload
    from jobs.imports.background import import_job_start

    settings.IMPORT_MAX_ROWS = 1
    job = offer_and_start(staff_client, [person_row(), person_row()], django_capture_on_commit_callbacks)

    # when the same upload is started again (the form sent twice)
    again = import_job_start(user=job.created_by, registry=job.registry, upload=job.upload,
                             file_name=job.file_name, file_format=job.file_format)  # fmt: skip

    # then it is the same job
    assert again.pk == job.pk and ImportJob.objects.count() == 1
