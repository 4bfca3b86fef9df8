"""Forms that are sent once: each page puts a fresh token in its forms, and the first send of a
token with an action claims it; a second send (a double tap, a reload that posts again, the
back button) is recognised and answered with where the first one led, changing nothing."""

from __future__ import annotations

import enum
import secrets
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest

SESSION_KEY = "web_form_tokens"
KEPT = 50  # tokens remembered per session: the pages open in one sitting
CLAIM_SECONDS = 24 * 3600
PENDING = ""  # claimed by a send that has not finished


class Send(enum.Enum):
    FIRST = "first"
    AGAIN = "again"  # sent before: ``Claim.done_url`` says where the first send led
    UNKNOWN = "unknown"  # not issued to this session (expired, or from elsewhere)


@dataclass(frozen=True)
class Claim:
    send: Send
    key: str = ""
    done_url: str = ""


def form_token_issue(request: HttpRequest) -> str:
    """A new token for the forms of the page being rendered."""
    token = secrets.token_urlsafe(16)
    tokens = [*request.session.get(SESSION_KEY, []), token][-KEPT:]
    request.session[SESSION_KEY] = tokens
    return token


def form_claim(request: HttpRequest, action: str) -> Claim:
    """Claim the token a form was sent with, for ``action`` (what the form does, and to what:
    two different buttons on one page are two actions). The claim is atomic in the shared cache,
    so that two sends at once do not both go through."""
    token = str(request.POST.get("form_token", ""))
    if not token or token not in request.session.get(SESSION_KEY, []):
        return Claim(Send.UNKNOWN)
    key = f"web-form:{token}:{action}"
    if cache.add(key, PENDING, timeout=CLAIM_SECONDS):
        return Claim(Send.FIRST, key)
    return Claim(Send.AGAIN, key, cache.get(key) or "")


def form_done(claim: Claim, done_url: str) -> None:
    """The send went through: a second one is sent to ``done_url``."""
    cache.set(claim.key, done_url, timeout=CLAIM_SECONDS)


def form_release(claim: Claim) -> None:
    """The send was refused (its errors are shown): the same form may be corrected and sent."""
    if claim.send is Send.FIRST:  # only a claim of its own is given back
        cache.delete(claim.key)
