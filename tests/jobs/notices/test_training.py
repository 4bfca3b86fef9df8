"""Training offers from the skills a person's best matches ask for."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jobs.notices.training import training_offers_write
from tests.jobs.notices.builders import TODAY, course, lacking_welding
from workers.models import Channel, Notice, NoticeKind

pytestmark = pytest.mark.django_db


def test_a_course_teaching_what_a_persons_best_matches_ask_for_is_offered_once() -> None:
    # given a person whose best match asks for welding, and courses nearby and far away
    _person, welding = lacking_welding()
    course(welding, region_code="420882", starts_in=10, fee_yuan=1500, subsidy_yuan=1500)
    course(welding, region_code="441900", starts_in=5, name="远方电焊班", provider="外地", hours=80)

    # when the weekly offers run twice
    first = training_offers_write(today=TODAY)
    again = training_offers_write(today=TODAY)

    # then the nearby course is offered once, free
    assert (first, again) == (2, 0)  # inbox and SMS
    inbox = Notice.objects.get(kind=NoticeKind.TRAINING, channel=Channel.INBOX)
    assert inbox.title == "适合您的培训：电焊工培训班"
    assert "电焊" in inbox.body and "免费" in inbox.body and "远方" not in inbox.body


def test_a_course_starting_beyond_the_horizon_is_not_offered_yet() -> None:
    # given a course nearby that starts in 61 days (the horizon is 60)
    _person, welding = lacking_welding()
    course(welding, region_code="420882", starts_in=61)

    # when / then
    assert training_offers_write(today=TODAY) == 0
    assert training_offers_write(today=TODAY + timedelta(days=1)) == 2
