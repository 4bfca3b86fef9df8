"""Social-insurance transfer guidance for a migrant worker back home."""

from __future__ import annotations

from datetime import date

import pytest

from jobs.models import MigrantRecord
from jobs.services.migrants import migrant_record_save
from tests.factories import region
from tests.jobs.notices.builders import TODAY, a_seeker, notices
from workers.models import Channel, Notice, NoticeKind

pytestmark = pytest.mark.django_db


def test_a_returning_migrant_insured_elsewhere_is_told_how_to_move_it_once() -> None:
    # given a migrant worker from 京山市 insured in 东莞
    person = a_seeker(home_region=region("420882"))
    away = MigrantRecord(person=person, work_region=region("441900"), insurance_region=region("441900"),
                         started_on=date(2020, 3, 1))  # fmt: skip
    migrant_record_save(record=away)
    assert not notices(NoticeKind.INSURANCE_TRANSFER)

    # when they are recorded as back, and the record is saved again
    away.returned_on = TODAY
    migrant_record_save(record=away)
    migrant_record_save(record=away)

    # then one guidance, naming both places
    inbox = Notice.objects.get(kind=NoticeKind.INSURANCE_TRANSFER, channel=Channel.INBOX)
    assert inbox.title == "社保转移接续办理提示"
    assert "东莞" in inbox.body and "京山" in inbox.body and "12333" in inbox.body
    assert "欢迎返乡！可办理" in inbox.body


def test_a_returning_migrant_insured_at_home_needs_no_transfer() -> None:
    person = a_seeker(home_region=region("420882"))
    record = MigrantRecord(person=person, work_region=region("441900"), insurance_region=region("420882"),
                           started_on=date(2020, 3, 1), returned_on=TODAY)  # fmt: skip

    migrant_record_save(record=record)

    assert not notices(NoticeKind.INSURANCE_TRANSFER)


def test_a_returning_migrant_insured_elsewhere_in_the_same_city_needs_no_transfer() -> None:
    # given someone from 京山市 insured in 钟祥市: two county-level cities of one city, 荆门
    person = a_seeker(home_region=region("420882"))
    record = MigrantRecord(person=person, work_region=region("420881"), insurance_region=region("420881"),
                           started_on=date(2020, 3, 1), returned_on=TODAY)  # fmt: skip

    migrant_record_save(record=record)

    assert not notices(NoticeKind.INSURANCE_TRANSFER)
