from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jobs.services.roles import STATION_STAFF
from tests.factories import staff_user


def xlsx_bytes(headers: list[str], rows: list[list[Any]]) -> bytes:
    """A workbook as an office keeps it: an empty cell is no cell at all (None to openpyxl)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([None if value == "" else value for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_upload(headers: list[str], rows: list[list[Any]], name: str = "劳动力.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(headers, rows))


@pytest.fixture
def station_staff() -> Any:
    return staff_user("jingshan", "420882", groups=[STATION_STAFF])


@pytest.fixture
def station_client(station_staff: Any) -> Client:
    client = Client()
    client.force_login(station_staff)
    return client
