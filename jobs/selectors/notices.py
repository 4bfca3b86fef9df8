"""In-app notices: whose inbox holds which."""

from __future__ import annotations

from django.db.models import QuerySet

from jobs.models import Employer, Person
from workers.models import Channel, Notice


def inbox_of_person(*, person: Person) -> QuerySet[Notice]:
    """A job seeker's in-app notices, newest first."""
    return Notice.objects.filter(person=person, channel=Channel.INBOX).order_by("-created_at", "-pk")


def inbox_of_employer(*, employer: Employer) -> QuerySet[Notice]:
    """An employer's in-app notices (shared by its accounts), newest first."""
    return Notice.objects.filter(employer=employer, channel=Channel.INBOX).order_by("-created_at", "-pk")
