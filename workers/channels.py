"""Ways a notice reaches its recipient, behind one interface.

``send`` returns when the channel has accepted the notice, raises ``Transient`` for failures
worth retrying (a timeout, a gateway that is down or busy) and ``Permanent`` for those that are
not (no phone number on file, a request the gateway refuses). Every adapter passes the notice's
key as the client message id, so that a resend after a crash between "sent" and "marked" is
recognised by the gateway and not delivered twice.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail

from workers.models import Channel, Notice


class Transient(Exception):
    pass


class Permanent(Exception):
    pass


class NoticeChannel(Protocol):
    def send(self, notice: Notice) -> None: ...


class InboxChannel:
    """The in-app inbox is the notice row itself: there is nothing to send."""

    def send(self, notice: Notice) -> None:
        return None


class HttpGateway:
    """A JSON-over-HTTP message gateway (an SMS provider, a WeChat template-message relay).

    Posts ``{"to", "title", "text", "client_msg_id"}`` with a bearer key. 2xx and 409 (the
    gateway already has this client message id) count as accepted; 429 and 5xx, time-outs and
    refused connections are transient; any other answer is permanent."""

    def __init__(self, *, url: str, key: str, timeout: float, address: str) -> None:
        self.url, self.key, self.timeout, self.address = url, key, timeout, address

    def send(self, notice: Notice) -> None:
        if not self.url:
            raise Permanent(f"no gateway configured for {notice.channel}")
        to = _address(notice, self.address)
        body = json.dumps(
            {"to": to, "title": notice.title, "text": notice.body, "client_msg_id": notice.key},
            ensure_ascii=False,
        ).encode()
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {self.key}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout):
                return
        except urllib.error.HTTPError as e:
            if e.code == 409:
                return
            if e.code == 429 or e.code >= 500:
                raise Transient(f"gateway answered {e.code}") from e
            raise Permanent(f"gateway refused the message ({e.code})") from e
        except (urllib.error.URLError, TimeoutError, ConnectionError) as e:
            raise Transient(f"gateway unreachable: {e}") from e


class EmailChannel:
    def send(self, notice: Notice) -> None:
        to = _address(notice, "email")
        try:
            send_mail(notice.title, notice.body, None, [to], fail_silently=False)
        except (OSError, TimeoutError) as e:
            raise Transient(f"mail server: {e}") from e


def _address(notice: Notice, kind: str) -> str:
    """The recipient's phone, email or WeChat id; ``Permanent`` if there is none."""
    who = notice.person if notice.person_id else notice.user
    value = ""
    if kind == "phone":
        value = getattr(who, "phone", "") or ""
    elif kind == "email":
        value = getattr(who, "email", "") or ""
    elif kind == "wechat":
        value = (notice.payload or {}).get("openid", "")
    if not value:
        raise Permanent(f"the recipient has no {kind} on file")
    return str(value)


_GATEWAYS = {Channel.SMS: ("SMS_GATEWAY", "phone"), Channel.WECHAT: ("WECHAT_GATEWAY", "wechat")}


def channel_for(channel: str) -> NoticeChannel:
    if channel == Channel.INBOX:
        return InboxChannel()
    if channel == Channel.EMAIL:
        return EmailChannel()
    if channel in _GATEWAYS:
        prefix, address = _GATEWAYS[Channel(channel)]
        return HttpGateway(
            url=getattr(settings, f"{prefix}_URL"),
            key=getattr(settings, f"{prefix}_KEY"),
            timeout=settings.GATEWAY_TIMEOUT,
            address=address,
        )
    raise Permanent(f"unknown channel {channel}")
