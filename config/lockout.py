"""Password sign-ins locked after repeated failures (django-axes), on the admin and the staff API.

Axes counts failures per account name and per client address (``AXES_LOCKOUT_PARAMETERS``); a
name or an address with too many failures is refused, even the right password, until the
cool-off has passed since its last failure. These are the three hooks the settings name.
"""

from __future__ import annotations

import ipaddress
import math
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from rest_framework.throttling import BaseThrottle


def client_address(request: HttpRequest) -> str | None:
    """The client's address exactly as the API throttles read it (X-Forwarded-For past
    ``API_NUM_PROXIES`` proxies, else the connection's address), so that both count the same
    client; anything that is not an IP address falls back to the connection's."""
    address = BaseThrottle().get_ident(request)  # type: ignore[arg-type]
    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return request.META.get("REMOTE_ADDR")


class LockoutHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """Axes' database handler (counts shared by every process), which also marks the request
    AxesMiddleware holds when a sign-in through the API was locked: DRF wraps the request, and
    axes marks the wrapper it was given."""

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        inner = getattr(request, "_request", None)
        if inner is not None and getattr(request, "axes_locked_out", False):
            inner.axes_locked_out = True
            inner.axes_credentials = getattr(request, "axes_credentials", None)


def locked_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """429 with the API's error body under /api/, else the admin page saying so."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else 0
    message = _(
        "Sign-in locked: too many wrong passwords for this account or from this address. "
        "Try again in %(minutes)d minutes."
    ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        body = {"code": "locked", "message": message, "retry_after": minutes * 60}
        return JsonResponse(body, status=429, json_dumps_params={"ensure_ascii": False})
    context = {**admin.site.each_context(request), "title": _("Sign-in locked"), "message": message}
    response = TemplateResponse(request, "admin/locked.html", context, status=429)
    return response.render()
