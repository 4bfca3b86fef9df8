"""A vacancy cannot start after it is taken down, whichever way it is written."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from jobs.models import Vacancy
from jobs.services.vacancies import vacancy_save
from tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db


def test_a_start_after_the_last_valid_day_is_refused_naming_the_start_date() -> None:
    # given
    vacancy = VacancyFactory(valid_from=date(2026, 11, 1), valid_until=date(2026, 12, 31))
    # when
    with pytest.raises(ValidationError) as refused:
        vacancy_save(vacancy=vacancy, data={"start_date": date(2027, 1, 5)})
    # then
    assert list(refused.value.message_dict) == ["start_date"]
    assert Vacancy.objects.get(pk=vacancy.pk).start_date != date(2027, 1, 5)


def test_the_database_refuses_it_too() -> None:
    vacancy = VacancyFactory(valid_from=date(2026, 11, 1), valid_until=date(2026, 12, 31))
    with pytest.raises(IntegrityError):
        Vacancy.objects.filter(pk=vacancy.pk).update(start_date=date(2027, 1, 5))
