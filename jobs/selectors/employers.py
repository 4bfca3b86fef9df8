"""What a signed-in employer reads of its own: its vacancies and the accounts that sign in for it."""

from __future__ import annotations

from django.db.models import QuerySet

from jobs.models import Employer, EmployerAccount, Vacancy


def vacancies_of_employer(*, employer: Employer) -> QuerySet[Vacancy]:
    """The employer's vacancies, newest first, whatever their status."""
    return (
        Vacancy.objects.filter(employer=employer).select_related("occupation").order_by("-created_at", "-pk")
    )


def vacancy_of_employer(*, employer: Employer, pk: int) -> Vacancy | None:
    """One of the employer's vacancies; None for another employer's."""
    return vacancies_of_employer(employer=employer).filter(pk=pk).first()


def accounts_of_employer(*, employer: Employer) -> QuerySet[EmployerAccount]:
    """Who may sign in for the employer, the first added first."""
    return EmployerAccount.objects.filter(employer=employer).order_by("created_at", "pk")


def account_of_employer(*, employer: Employer, pk: int) -> EmployerAccount | None:
    return accounts_of_employer(employer=employer).filter(pk=pk).first()
