from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import Employer, OccupationTitle, Vacancy, VacancySkill
from matching.services.coding import occupation_title_learn
from workers.triggers import rescore_after_commit


@transaction.atomic
def vacancies_close(*, vacancies: QuerySet[Vacancy]) -> list[int]:
    """Take these vacancies down: they leave every list once re-scored, and the applications
    made to them stay as history. Those closed already are left as they are. Returns the ids
    closed."""
    ids = list(
        vacancies.select_for_update().exclude(status=Vacancy.Status.CLOSED).values_list("pk", flat=True)
    )
    Vacancy.objects.filter(pk__in=ids).update(status=Vacancy.Status.CLOSED, updated_at=timezone.now())
    rescore_after_commit(vacancy_ids=ids)
    return ids


def vacancies_close_expired(*, today: date | None = None) -> int:
    """Close open vacancies whose last valid day has passed; return how many were closed."""
    today = today or timezone.localdate()
    return len(
        vacancies_close(vacancies=Vacancy.objects.filter(status=Vacancy.Status.OPEN, valid_until__lt=today))
    )


@transaction.atomic
def vacancy_create(*, employer: Any, data: dict[str, Any]) -> Vacancy:
    """An employer posts a vacancy: checked as in the registry, open at once, and matched once
    the transaction commits (it is shown and matched only while the employer is approved)."""
    return vacancy_save(
        vacancy=Vacancy(employer=employer, status=Vacancy.Status.OPEN),
        data={"skills": [], **data},
        by=OccupationTitle.Source.EMPLOYER,
    )


@transaction.atomic
def vacancy_update(*, vacancy: Vacancy, data: dict[str, Any]) -> Vacancy:
    """An employer changes its vacancy (``skills``, when given, replace the ones held): checked
    as in the registry and re-matched once the transaction commits. A closed vacancy stays
    closed; post a new one instead."""
    if vacancy.status == Vacancy.Status.CLOSED:
        raise ValidationError({"status": _("Status: a closed vacancy cannot be changed")})
    return vacancy_save(vacancy=vacancy, data=data, by=OccupationTitle.Source.EMPLOYER)


@transaction.atomic
def vacancy_save(
    *, vacancy: Vacancy, data: dict[str, Any], by: str = OccupationTitle.Source.STAFF
) -> Vacancy:
    """Save a vacancy with the fields in ``data`` (``skills``, when given, a list of their
    fields replacing the ones held): checked as in the registry, and re-scored once the
    transaction commits. Every write of a vacancy (an employer's, staff's, an import's) ends
    here. A new title or occupation is kept as a title confirmed (or corrected) to that
    occupation ``by`` the employer or staff, for the occupation coding to learn from."""
    skills = data.pop("skills", None)
    for field, value in data.items():
        setattr(vacancy, field, value)
    vacancy.full_clean()
    # An employer nobody has approved yet could teach the coding anything: only staff and
    # approved employers are learned from, and only a title or occupation that changed.
    trusted = by == OccupationTitle.Source.STAFF or vacancy.employer.status == Employer.Status.APPROVED
    before = None
    if trusted and vacancy.pk is not None:
        before = Vacancy.objects.filter(pk=vacancy.pk).values_list("title", "occupation_id").first()
    vacancy.save()
    if trusted and before != (vacancy.title, vacancy.occupation_id):
        occupation_title_learn(title=vacancy.title, occupation=vacancy.occupation, source=by)
    if skills is not None:
        vacancy.skills.all().delete()
        VacancySkill.objects.bulk_create([VacancySkill(vacancy=vacancy, **skill) for skill in skills])
    rescore_after_commit(vacancy_ids=[vacancy.pk])
    return vacancy


def vacancy_close(*, vacancy: Vacancy) -> Vacancy:
    """The employer takes its vacancy down (see ``vacancies_close``)."""
    vacancies_close(vacancies=Vacancy.objects.filter(pk=vacancy.pk))
    vacancy.refresh_from_db()
    return vacancy
