"""Training offers from the skills a person's best matches ask for."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jobs.models import TrainingCourse, Vacancy
from jobs.notices.training import training_offers_write
from tests.factories import SkillFactory, VacancyFactory, region
from tests.jobs.notices.builders import TODAY, a_seeker, match
from workers.models import Channel, Notice, NoticeKind

pytestmark = pytest.mark.django_db


def test_a_course_teaching_what_a_persons_best_matches_ask_for_is_offered_once() -> None:
    # given a person whose best match asks for welding, and courses nearby and far away
    welding = SkillFactory(name="电焊")
    person = a_seeker(home_region=region("420882"))
    match(person, VacancyFactory(status=Vacancy.Status.OPEN), 1,
          explanation={"missing_skills": ["电焊"], "shared_skills": []})  # fmt: skip
    near = TrainingCourse.objects.create(
        name="电焊工培训班", provider="京山职校", region=region("420882"), starts_on=TODAY + timedelta(days=10),
        ends_on=TODAY + timedelta(days=40), hours=120, capacity=30, fee_yuan=1500, subsidy_yuan=1500,
    )  # fmt: skip
    far = TrainingCourse.objects.create(
        name="远方电焊班", provider="外地", region=region("441900"), starts_on=TODAY + timedelta(days=5),
        ends_on=TODAY + timedelta(days=30), hours=80, capacity=30,
    )  # fmt: skip
    near.skills.add(welding)
    far.skills.add(welding)

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
    welding = SkillFactory(name="电焊")
    person = a_seeker(home_region=region("420882"))
    match(person, VacancyFactory(status=Vacancy.Status.OPEN), 1,
          explanation={"missing_skills": ["电焊"], "shared_skills": []})  # fmt: skip
    later = TrainingCourse.objects.create(
        name="电焊工培训班", provider="京山职校", region=region("420882"), starts_on=TODAY + timedelta(days=61),
        ends_on=TODAY + timedelta(days=90), hours=120, capacity=30,
    )  # fmt: skip
    later.skills.add(welding)

    # when / then
    assert training_offers_write(today=TODAY) == 0
    assert training_offers_write(today=TODAY + timedelta(days=1)) == 2
