"""Training as the policies ask (企业下订单、劳动者选单、培训机构列单、政府买单): an employer orders
a course for its vacancies; a course is listed, for an order or of a provider's own, and those
whose near-miss vacancies it would close are told; a person chooses it while it has places; a
completion adds what it teaches to their profile, re-scores them and finds the subsidies it
brings."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jobs.models import Employer, Person, Skill, Vacancy
from jobs.models.training import (
    HOLDS_A_PLACE,
    Enrolment,
    EnrolmentStatus,
    OrderStatus,
    TrainingCourse,
    TrainingOrder,
)
from jobs.services.people import person_profile_save
from workers.celery_app import app

log = logging.getLogger(__name__)


@transaction.atomic
def training_order_place(
    *, employer: Employer, vacancies: list[Vacancy], skills: list[Skill], today: date, **fields: Any
) -> TrainingOrder:
    """An employer orders a course for some of its own vacancies."""
    if not vacancies:
        raise ValidationError({"vacancies": _("Vacancies: name at least one vacancy the course is for")})
    if any(v.employer_id != employer.pk for v in vacancies):
        raise ValidationError({"vacancies": _("Vacancies: only your own vacancies")})
    if any(v.status in (Vacancy.Status.FILLED, Vacancy.Status.CLOSED) for v in vacancies):
        raise ValidationError({"vacancies": _("Vacancies: not one that is filled or closed")})
    order = TrainingOrder(employer=employer, **fields)
    if order.starts_on < today:
        raise ValidationError({"starts_on": _("Starts on: must not be in the past")})
    if order.ends_on < order.starts_on:
        raise ValidationError({"ends_on": _("Ends on: must not be before the start")})
    order.full_clean(exclude=["employer"])
    order.save()
    order.vacancies.set(vacancies)
    order.skills.set(skills)
    return order


@transaction.atomic
def course_save(*, course: TrainingCourse) -> TrainingCourse:
    """List or change a course (staff, for a provider): checked; listed for an order, the order
    is answered. Once committed (its skills set too), those it would help are told."""
    course.full_clean()
    course.save()
    if course.order_id is not None:
        TrainingOrder.objects.filter(pk=course.order_id, status=OrderStatus.ORDERED).update(
            status=OrderStatus.LISTED
        )
    transaction.on_commit(lambda: _send_offers(course.pk))
    return course


def _send_offers(course_id: int) -> None:
    try:
        app.send_task("notices.course_offers", kwargs={"course_id": course_id})
    except Exception:  # the broker's own errors vary; the weekly offers find the course anyway
        log.warning(
            "could not queue the offers of course %s; the weekly offers find it", course_id, exc_info=True
        )


def places_left(course: TrainingCourse) -> int:
    """The places not yet held: from the lists' annotation (``with_places``) when there is one."""
    taken = getattr(course, "taken", None)
    if taken is None:
        taken = course.enrolments.filter(status__in=HOLDS_A_PLACE).count()
    return max(0, course.capacity - taken)


@transaction.atomic
def course_choose(*, person: Person, course: TrainingCourse, today: date, by: Any = None) -> Enrolment:
    """A person chooses a course not yet begun that has a place left, once; on their phone, or
    at the station's desk (``by``, the staff member who enrols them)."""
    course = TrainingCourse.objects.select_for_update().get(pk=course.pk)  # two choosing the last place
    course_choice_check(person=person, course=course, today=today)
    return Enrolment.objects.create(person=person, course=course, recorded_by=by)


def course_choice_check(*, person: Person, course: TrainingCourse, today: date) -> None:
    """Whether the person may choose the course now: not begun, not chosen before, not full,
    and their account still open."""
    if person.closed_at is not None:
        raise ValidationError({"person": _("Person: the account is closed")})
    if course.starts_on < today:
        raise ValidationError({"course": _("Course: it has begun already")})
    if Enrolment.objects.filter(person=person, course=course).exists():
        raise ValidationError({"course": _("Course: you chose it already")})
    if places_left(course) == 0:
        raise ValidationError({"course": _("Course: it is full")})


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment, completed_on: date, by: Any, today: date) -> Enrolment:
    """Record a course completed: the skills it teaches join the person's (those they lack),
    the certificate it awards joins theirs, they are re-scored, and what it brings (a subsidy
    to the employer that ordered it, one for the new certificate) is found and told."""
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("course__occupation")
        .get(pk=enrolment.pk)
    )
    course = enrolment.course
    enrolment_check(enrolment=enrolment, completed_on=completed_on, today=today)
    enrolment.status, enrolment.completed_on, enrolment.recorded_by = (
        EnrolmentStatus.COMPLETED,
        completed_on,
        by,
    )
    enrolment.save(update_fields=["status", "completed_on", "recorded_by"])
    person = Person.objects.get(pk=enrolment.person_id)
    skills = [{"skill_id": s.skill_id, "level": s.level, "years": s.years} for s in person.skills.all()]
    held = {s["skill_id"] for s in skills}
    skills += [{"skill_id": pk} for pk in course.skills.values_list("pk", flat=True) if pk not in held]
    certificates = [
        {"name": c.name, "occupation_id": c.occupation_id, "level": c.level, "number": c.number, "issued_on": c.issued_on}
        for c in person.certificates.all()
    ]  # fmt: skip
    if course.certificate_level is not None:
        what = course.occupation.name if course.occupation else course.name
        certificates.append({"name": f"{what}职业技能等级证书"[:100], "occupation_id": course.occupation_id,
                             "level": course.certificate_level, "number": "", "issued_on": completed_on})  # fmt: skip
    # The certificates given (even unchanged) have the subsidies checked, the course's among them.
    person_profile_save(person=person, data={"skills": skills, "certificates": certificates})
    return enrolment


def enrolment_check(*, enrolment: Enrolment, completed_on: date | None, today: date) -> None:
    """Whether an enrolment may move on: only from chosen; completed, on a day from the course's
    start to today (the admin's form asks too, to show the error on it)."""
    if enrolment.status != EnrolmentStatus.CHOSEN:
        raise ValidationError({"status": _("Status: only a course chosen and not yet ended moves on")})
    if completed_on is not None and not enrolment.course.starts_on <= completed_on <= today:
        raise ValidationError({"completed_on": _("Completed on: from the course's start to today")})


@transaction.atomic
def enrolment_drop(*, enrolment: Enrolment, by: Any) -> Enrolment:
    """Someone leaves a course before completing it: their place is free again."""
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",)).select_related("course").get(pk=enrolment.pk)
    )
    enrolment_check(enrolment=enrolment, completed_on=None, today=date.min)
    enrolment.status, enrolment.recorded_by = EnrolmentStatus.DROPPED, by
    enrolment.save(update_fields=["status", "recorded_by"])
    return enrolment
