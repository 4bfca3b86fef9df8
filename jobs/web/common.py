"""What the job seeker's and the employer's pages share: the place picker's lists, rendering
with a one-time form token, what a second send or a stale page is told, and sign-in codes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle

from jobs.api.public import RegionFilter
from jobs.models import CodePurpose, Region
from jobs.services.accounts import CodeNotSent, TooSoon, phone_code_send
from jobs.validators import mask_mobile
from jobs.web.forms import PICKER_FIELDS, form_add_service_errors
from jobs.web.once import Claim, Send, form_claim, form_done, form_release, form_token_issue

SESSION_BACKEND = "django.contrib.auth.backends.ModelBackend"  # codes, not passwords: no axes check


def _regions(**params: str) -> list[Region]:
    regions = RegionFilter(params, queryset=Region.objects.order_by("code"))
    return list(regions.qs) if regions.is_valid() else []


def place_lists(data: Mapping[str, Any]) -> dict[str, Any]:
    """The picker's three lists for what is chosen so far: every province, the cities of the
    chosen province, the counties of the chosen city (a city without counties is its own)."""
    province, city = data.get("province") or "", data.get("city") or ""
    cities = _regions(parent=province) if province else []
    counties: list[Region] = []
    if city and any(c.code == city for c in cities):
        counties = _regions(parent=city) or [c for c in cities if c.code == city]
    return {"provinces": _regions(level=str(Region.Level.PROVINCE)), "cities": cities, "counties": counties,
            "chosen": {name: data.get(name) or "" for name in PICKER_FIELDS}}  # fmt: skip


def picker_initial(region: Region) -> dict[str, str]:
    """The picker's choices that name ``region`` (a county, or a city without counties)."""
    if region.level == Region.Level.COUNTY and region.parent is not None:
        city = region.parent
        return {"province": city.parent_id or "", "city": city.code, "county": region.code}
    return {"province": region.parent_id or "", "city": region.code, "county": region.code}


def page(
    request: HttpRequest, template: str, context: dict[str, Any], *, once: bool = False, status: int = 200
) -> HttpResponse:
    """Render ``web/<template>``; ``once`` gives its forms a one-time token (kept in the session,
    so none for pages that need none, such as the public search)."""
    if once:
        context = {**context, "form_token": form_token_issue(request)}
    return render(request, f"web/{template}", context, status=status)


def sent_again(request: HttpRequest, claim: Claim) -> HttpResponse:
    messages.info(request, _("This form was sent already; nothing was changed."))
    return redirect(claim.done_url or request.path)


def form_sent_once(
    request: HttpRequest, action: str, form: forms.Form, save: Callable[[], str]
) -> HttpResponse | None:
    """Send a form once: when it is valid, ``save`` calls its service and returns where to go
    next; the same form sent again goes there too and changes nothing. None when the page is to
    be shown again with the form's errors (invalid, refused by the service, or expired)."""
    claim = form_claim(request, action)
    if claim.send is Send.AGAIN:
        return sent_again(request, claim)
    if claim.send is Send.UNKNOWN:
        form.is_valid()
        form.add_error(None, expired_message())
    elif form.is_valid():
        try:
            done = save()
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            form_done(claim, done)
            return redirect(done)
    form_release(claim)
    return None


def expired_message() -> str:
    return _("This form has expired; check it and send it again.")


def stale_message() -> str:
    # Refused as the API refuses a stale If-Match: the page shows what is held now.
    return _("This was changed elsewhere since you opened the page; it now shows what is held: "
             "make your change again.")  # fmt: skip


def safe_next(request: HttpRequest, default: str) -> str:
    """Where to go after signing in: a page of this site, never another host (``//elsewhere``
    and ``/\\elsewhere`` lead off the site in a browser)."""
    wanted = str(request.POST.get("next") or request.GET.get("next") or "")
    on_site = wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if on_site else default


def typed(request: HttpRequest) -> dict[str, str]:
    """What was typed into a form that comes back to be filled on, not sent."""
    return {
        k: str(v) for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "form_token", "pick")
    }


class _CodeScope:
    throttle_scope = "phone_codes"  # the API's allowance per client address, shared with it


def _codes_wait(request: HttpRequest) -> int | None:
    """Seconds to wait when this address asked for too many codes (on the API or here)."""
    for throttle in (AnonRateThrottle(), ScopedRateThrottle()):
        if not throttle.allow_request(request, _CodeScope()):  # type: ignore[arg-type]
            return int(throttle.wait() or 60)
    return None


def code_send(request: HttpRequest, phone: str, purpose: CodePurpose) -> tuple[str, str]:
    """Send a sign-in code for ``purpose`` to a phone already checked; returns the error, or
    the note saying where it went."""
    wait = _codes_wait(request)
    if wait is not None:
        return _("Too many codes asked for from here; wait %(seconds)d seconds") % {"seconds": wait}, ""
    try:
        seconds = phone_code_send(phone=phone, purpose=purpose)
    except TooSoon as exc:
        return _("A code was sent a moment ago; wait %(seconds)d seconds for another") % {
            "seconds": exc.wait
        }, ""
    except CodeNotSent:
        return _("The text message could not be sent just now; try again in a minute"), ""
    except ValidationError as exc:
        return exc.messages[0], ""
    note = _("A code was sent to %(phone)s; it is valid for %(minutes)d minutes") % {
        "phone": mask_mobile(phone), "minutes": seconds // 60
    }  # fmt: skip
    return "", note


def acted_once(
    request: HttpRequest, action: str, back: str, act: Callable[[], Any], done: str
) -> HttpResponse:
    """Do ``act`` once for the form sent, through its service; a second send changes nothing."""
    claim = form_claim(request, action)
    if claim.send is Send.AGAIN:
        return sent_again(request, claim)
    if claim.send is Send.UNKNOWN:
        messages.error(request, expired_message())
        return redirect(back)
    try:
        act()
    except ValidationError as error:
        form_release(claim)
        messages.error(request, error.messages[0])
        return redirect(back)
    form_done(claim, back)
    messages.success(request, done)
    return redirect(back)
