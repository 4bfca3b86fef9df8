"""The policy rules are data: another file, other notices; a rule must name its document."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from jobs.models import HardshipRecord, HardToEmployProfile, Vacancy
from jobs.models.hardship import HardshipCategory
from jobs.notices.insurance import insurance_transfer_write
from jobs.notices.policies import POLICIES_FILE, policies_load
from jobs.notices.subsidies import subsidies_on_hire_write
from jobs.notices.training import training_offers_write
from matching.models import Match
from tests.factories import VacancyFactory, region
from tests.jobs.notices.builders import TODAY, a_seeker, course, lacking_welding, match
from workers.models import Channel, Notice, NoticeKind

pytestmark = pytest.mark.django_db

OTHER_POLICIES = """
[documents.test-2026-1]
title = "某市促进残疾人就业办法"
issued_by = "某市人民政府"
number = "某政发〔2026〕1号"
issued_on = 2026-01-05

[[subsidies]]
to = "person"
category = "disability"
name = "残疾人就业补贴"
document = "test-2026-1"
clause = "第三条"

[[subsidies]]
to = "employer"
category = "disability"
name = "超比例安置残疾人奖励"
document = "test-2026-1"
clause = "第四条"

[insurance_transfer]
same_pool_code_digits = 2
document = "test-2026-1"
clause = "第五条"

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


def test_the_subsidies_told_on_a_hire_are_those_of_the_policies_file(other_policies: Path) -> None:
    # given a person with a disability in the registry, hired twice
    person = a_seeker(name="钱八")
    profile = HardToEmployProfile.objects.create(person=person, registered_on=TODAY)
    HardshipRecord.objects.create(profile=profile, category=HardshipCategory.DISABILITY)
    job = VacancyFactory(title="客服", status=Vacancy.Status.OPEN)
    first, second = match(person, job, 1), match(person, VacancyFactory(), 2)

    # when one hire is told under the project's policies, the other under another file's
    subsidies_on_hire_write(match=first, person=person, vacancy=job)
    subsidies_on_hire_write(match=second, person=person, vacancy=job, policies=policies_load(other_policies))

    # then each names what its file says
    def told(pair: Match, **to: Any) -> str:
        return Notice.objects.get(kind=NoticeKind.SUBSIDY, channel=Channel.INBOX, payload__match=pair.pk,
                                  **to).body  # fmt: skip

    assert "就业困难人员社会保险补贴" in told(first, person=person)
    assert "残疾人就业补贴" not in told(first, person=person)
    assert "残疾人就业补贴" in told(second, person=person)
    assert "就业困难人员社会保险补贴" not in told(second, person=person)
    assert "超比例安置残疾人奖励" in told(second, employer=job.employer)


def test_a_file_with_no_subsidy_for_someone_tells_them_of_none(other_policies: Path) -> None:
    # given policies without a subsidy for anyone in the registry, and a registered person hired
    person = a_seeker()
    HardToEmployProfile.objects.create(person=person, registered_on=TODAY)
    job = VacancyFactory()

    # when / then
    assert subsidies_on_hire_write(match=match(person, job, 1), person=person, vacancy=job,
                                   policies=policies_load(other_policies)) == 0  # fmt: skip
    assert not Notice.objects.exists()


def test_whether_insurance_must_move_follows_the_pool_of_the_policies_file(other_policies: Path) -> None:
    # given someone from 京山市 insured in 武汉 (one province, two cities)
    person = a_seeker(home_region=region("420882"))
    insured_in, home = region("420102"), region("420882")

    # when / then: pooled by city here a transfer is needed; pooled by province elsewhere not
    assert insurance_transfer_write(person=person, insured_in=insured_in, moving_to=home, occasion="returned",
                                    key="ours")  # fmt: skip
    assert not insurance_transfer_write(person=person, insured_in=insured_in, moving_to=home, occasion="returned",
                                        key="theirs", policies=policies_load(other_policies))  # fmt: skip


def test_how_far_ahead_training_is_offered_follows_the_policies_file(other_policies: Path) -> None:
    # given a course in the province, not the city, starting in 100 days
    _person, welding = lacking_welding()
    course(welding, region_code="420102", starts_in=100, provider="武汉职校")

    # when / then: too far and too late under the project's policies, offered under the other
    assert training_offers_write(today=TODAY) == 0
    assert training_offers_write(today=TODAY, policies=policies_load(other_policies)) == 2


def test_every_rule_of_the_project_names_the_document_it_comes_from() -> None:
    policies = policies_load()

    rules = [(s.document, s.clause) for s in policies.subsidies]
    rules += [(policies.insurance_document, ""), (policies.training_document, "")]
    assert policies.subsidies and all(d.title and d.issued_by for d, _ in rules)
    assert all(clause for _, clause in rules[:-2])
    assert POLICIES_FILE.name == "policies.toml" and POLICIES_FILE.parent.name == "data"
    assert policies.insurance_pool_digits == 4 and policies.training_horizon == timedelta(days=60)
    assert policies_load() is policies  # read once
    assert date(2023, 12, 12) in {d.issued_on for d, _ in rules}


def test_a_rule_naming_an_unknown_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "policies.toml"
    path.write_text(OTHER_POLICIES.replace('document = "test-2026-1"\nclause = "第三条"',
                                           'document = "nowhere"\nclause = "第三条"'), encoding="utf-8")  # fmt: skip

    with pytest.raises(ValueError, match="unknown document 'nowhere'"):
        policies_load(path)
