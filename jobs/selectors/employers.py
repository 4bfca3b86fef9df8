"""What a signed-in employer reads of its own: its vacancies, training orders and the accounts that
sign in for it."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from jobs.models import Employer, EmployerAccount, TrainingCourse, TrainingOrder, Vacancy
from jobs.selectors.public import with_places


def vacancies_of_employer(*, employer: Employer) -> QuerySet[Vacancy]:
    """The employer's vacancies, newest first, whatever their status."""
    return (
        Vacancy.objects.filter(employer=employer).select_related("occupation").order_by("-created_at", "-pk")
    )


def orderable_vacancies_of_employer(*, employer: Employer) -> QuerySet[Vacancy]:
    """The vacancies a course may be ordered for: neither filled nor closed."""
    return vacancies_of_employer(employer=employer).exclude(
        status__in=[Vacancy.Status.FILLED, Vacancy.Status.CLOSED]
    )


def training_orders_of_employer(*, employer: Employer) -> QuerySet[TrainingOrder]:
    """The employer's training orders, the latest first, each with the course listed for it."""
    return (
        TrainingOrder.objects.filter(employer=employer)
        .prefetch_related("vacancies", "skills", Prefetch("course", queryset=with_places(TrainingCourse.objects.all())))
        .order_by("-ordered_at", "-pk")
    )  # fmt: skip


def vacancy_of_employer(*, employer: Employer, pk: int) -> Vacancy | None:
    """One of the employer's vacancies; None for another employer's."""
    return vacancies_of_employer(employer=employer).filter(pk=pk).first()


def accounts_of_employer(*, employer: Employer) -> QuerySet[EmployerAccount]:
    """Who may sign in for the employer, the first added first."""
    return EmployerAccount.objects.filter(employer=employer).order_by("created_at", "pk")


def account_of_employer(*, employer: Employer, pk: int) -> EmployerAccount | None:
    return accounts_of_employer(employer=employer).filter(pk=pk).first()
