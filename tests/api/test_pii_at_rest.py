"""Personal numbers at rest: after people and employers have signed up and been matched, no
table of the database and no file of the match index holds an ID number or a mobile number in
clear (they are encrypted, and looked up through keyed hashes)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from jobs.models import Occupation
from jobs.services.taxonomy import taxonomy_load
from matching.services.refresh import matches_rebuild
from matching.services.rescore import _run_dir, rescore_start
from tests.api.conftest import code_sent
from tests.api.test_employers import sign_up
from tests.api.test_seekers import registration
from tests.factories import PersonFactory, VacancyFactory, make_id_number
from tests.workers.fake_gateway import FakeGateway

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_index")]
SEEKER_PHONE, EMPLOYER_PHONE, WALK_IN_PHONE = "13812345678", "13712345678", "13698765432"


@pytest.fixture
def own_index(settings: Any, tmp_path: Path) -> Any:
    from matching.services.index import index_reset

    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    index_reset()
    yield
    index_reset()


@pytest.fixture
def registry(api: APIClient, sms: FakeGateway) -> list[str]:
    """A seeker and an employer signed up through the API, a walk-in from the desk, a vacancy
    and the matches between them; returns the numbers that must not be found in clear."""
    taxonomy_load()
    seeker_id = make_id_number("420882")
    body = registration(code_sent(api, sms, SEEKER_PHONE), phone=SEEKER_PHONE, id_number=seeker_id,
                        self_description="开过五年叉车", desired_occupations=["6-30-05-01"])  # fmt: skip
    assert api.post("/api/v1/seekers/", body).status_code == 201
    signed_up = sign_up(api, sms, EMPLOYER_PHONE)
    assert signed_up.status_code == 201
    walk_in = PersonFactory(phone=WALK_IN_PHONE, self_description="叉车司机", consent_matching=True,
                            consent_recorded_at=timezone.now())  # fmt: skip
    VacancyFactory(occupation=Occupation.objects.get(code="6-30-05-01"), title="叉车司机")
    matches_rebuild()
    return [seeker_id, walk_in.id_number, SEEKER_PHONE, EMPLOYER_PHONE, WALK_IN_PHONE]


def _found_in(values: list[str], text: str) -> list[str]:
    return [v for v in values if v in text]


def test_no_table_holds_an_id_number_or_a_phone_in_clear(registry: list[str]) -> None:
    # when every row of every table is read as the database holds it
    leaks: list[str] = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                text = " ".join(str(v) for v in row if v is not None)
                leaks += [f"{table}: {v}" for v in _found_in(registry, text)]

    # then
    assert leaks == []


def test_the_match_index_files_hold_no_id_number_or_phone(registry: list[str], settings: Any) -> None:
    # given the saved index, and the files of a nightly re-scoring in progress
    run = rescore_start()
    folders = [Path(settings.MATCHING_INDEX_DIR), _run_dir(run.pk)]

    # when
    files = [f for folder in folders for f in folder.rglob("*") if f.is_file()]

    # then
    assert files
    for file in files:
        data = file.read_bytes()
        assert [v for v in registry if v.encode() in data] == [], file
