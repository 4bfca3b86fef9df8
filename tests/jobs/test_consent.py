"""Consent has one rule, whoever records it: a change with its time, given to a published text."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jobs.models import ConsentText
from jobs.selectors.consent import consent_current
from jobs.services.consent import consent_record
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_newest_published_text_is_the_current_one_and_a_future_one_is_not_yet() -> None:
    # given the text loaded with the registry, and one published for next month
    ConsentText.objects.create(version="2099-01", text="以后的文本", published_on=date(2099, 1, 1))
    # then
    current = consent_current()
    assert current is not None and current.version == "2025-01" and "岗位匹配" in current.text


def test_consent_given_to_a_published_text_is_recorded_with_its_time_and_version() -> None:
    # given
    person = PersonFactory(consent_matching=False, consent_contact=False, consent_recorded_at=None)
    data = {"consent_matching": True, "expected_wage": 5000}
    # when
    consent_record(person=person, data=data, version="2025-01")
    # then the consent is set on the person, and taken out of the data for the rest of the save
    assert person.consent_matching and person.consent_text_version == "2025-01"
    assert person.consent_recorded_at is not None
    assert data == {"expected_wage": 5000}


@pytest.mark.parametrize("version", [None, "", "2024-07", "2099-01"])
def test_consent_to_an_unknown_or_unpublished_text_is_refused_and_changes_nothing(
    version: str | None,
) -> None:
    # given
    ConsentText.objects.create(version="2099-01", text="以后的文本", published_on=date(2099, 1, 1))
    person = PersonFactory(consent_matching=False, consent_contact=False, consent_recorded_at=None)
    # when
    with pytest.raises(ValidationError) as refused:
        consent_record(person=person, data={"consent_matching": True}, version=version)
    # then
    assert list(refused.value.message_dict) == ["consent_text_version"]
    assert not person.consent_matching and person.consent_recorded_at is None


def test_withdrawing_needs_no_version_and_no_change_records_nothing() -> None:
    # given someone who consented a while ago
    then = timezone.now() - timedelta(days=30)
    person = PersonFactory(consent_matching=True, consent_contact=True, consent_recorded_at=then,
                           consent_text_version="2025-01")  # fmt: skip
    # when the same consent is sent again, then contact is withdrawn
    consent_record(person=person, data={"consent_matching": True}, version="2025-01")
    assert person.consent_recorded_at == then
    consent_record(person=person, data={"consent_contact": False})
    # then
    assert person.consent_matching and not person.consent_contact
    assert person.consent_recorded_at > then
