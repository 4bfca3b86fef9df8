"""The policy rules are data: another file, other notices; a rule must name its document."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from jobs.notices.policies import POLICIES_FILE, policies_load
from jobs.notices.training import training_offers_write
from tests.jobs.notices.builders import TODAY, course, lacking_welding

pytestmark = pytest.mark.django_db

OTHER_POLICIES = """
[documents.test-2026-1]
title = "某市促进残疾人就业办法"
issued_by = "某市人民政府"
number = "某政发〔2026〕1号"
issued_on = 2026-01-05

[training]
horizon_days = 120
same_area_code_digits = 2
document = "test-2026-1"
clause = "第六条"
"""


@pytest.fixture
def other_policies(tmp_path: Path) -> Path:
    path = tmp_path / "policies.toml"
    path.write_text(OTHER_POLICIES, encoding="utf-8")
    return path


def test_how_far_ahead_training_is_offered_follows_the_policies_file(other_policies: Path) -> None:
    # given a course in the province, not the city, starting in 100 days
    _person, welding = lacking_welding()
    course(welding, region_code="420102", starts_in=100, provider="武汉职校")

    # when / then: too far and too late under the project's policies, offered under the other
    assert training_offers_write(today=TODAY) == 0
    assert training_offers_write(today=TODAY, policies=policies_load(other_policies)) == 2


def test_every_rule_of_the_project_names_the_document_it_comes_from() -> None:
    policies = policies_load()

    document = policies.training_document
    assert document.title and document.issued_by
    assert POLICIES_FILE.name == "policies.toml" and POLICIES_FILE.parent.name == "data"
    assert policies.training_horizon == timedelta(days=60)
    assert policies_load() is policies  # read once
    assert document.issued_on == date(2023, 12, 12)


def test_a_rule_naming_an_unknown_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "policies.toml"
    path.write_text(OTHER_POLICIES.replace('document = "test-2026-1"\nclause = "第六条"',
                                           'document = "nowhere"\nclause = "第六条"'), encoding="utf-8")  # fmt: skip

    with pytest.raises(ValueError, match="unknown document 'nowhere'"):
        policies_load(path)
