"""What every notice module shares: rendering a template, whom each kind of recipient is
reached by, and the drafts, one per channel, that the outbox writes."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Any

from django.template import Context
from django.template.loader import get_template
from django.utils import translation

from jobs.models import Employer, Person, Vacancy
from workers.models import Channel
from workers.outbox import Draft

CHUNK = 1000  # people or vacancies a transaction


def render(kind: str, **context: Any) -> tuple[str, str]:
    """The title and body of a notice of this kind."""
    with translation.override("zh-hans"):
        template = get_template(f"notices/{kind}.txt").template  # type: ignore[attr-defined]
        text = template.render(Context(context, autoescape=False)).strip()
    title, _, body = text.partition("\n")
    return title.strip()[:100], body.strip()


def person_channels(person: Person) -> list[Channel]:
    channels = [Channel.INBOX]
    if person.notify_sms and person.phone:
        channels.append(Channel.SMS)
    if person.notify_wechat and person.wechat_openid:
        channels.append(Channel.WECHAT)
    if person.notify_email and person.email:
        channels.append(Channel.EMAIL)
    return channels


def drafts(
    channels: list[Channel],
    kind: str,
    key: str,
    title: str,
    body: str,
    region_id: str | None,
    payload: dict[str, Any],
    **recipient: int,
) -> list[Draft]:
    """One notice per channel, each under the logical key with its channel appended."""
    return [
        Draft(key=f"{key}:{c}", kind=kind, channel=c, title=title, body=body, region_id=region_id,
              payload=payload, **recipient)
        for c in channels
    ]  # fmt: skip


def to_person(person: Person, kind: str, key: str, title: str, body: str, **payload: Any) -> list[Draft]:
    return drafts(person_channels(person), kind, key, title, body, person.home_region_id, payload,
                  person_id=person.pk)  # fmt: skip


def to_employer(
    employer: Employer, kind: str, key: str, title: str, body: str, **payload: Any
) -> list[Draft]:
    channels = [Channel.INBOX] + ([Channel.SMS] if employer.contact_phone else [])
    return drafts(channels, kind, key, title, body, employer.region_id, payload, employer_id=employer.pk)


def to_staff(
    user: Any, region_id: str, kind: str, key: str, title: str, body: str, **payload: Any
) -> list[Draft]:
    channels = [Channel.INBOX] + ([Channel.EMAIL] if user.email else [])
    return drafts(channels, kind, key, title, body, region_id, payload, user_id=user.pk)


def wage(vacancy: Vacancy) -> str:
    with translation.override("zh-hans"):
        return f"{vacancy.wage_min}–{vacancy.wage_max}{vacancy.get_wage_unit_display()}"  # "4500–6500元/月"


def chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    it = iter(ids)
    while chunk := list(islice(it, CHUNK)):
        yield chunk
