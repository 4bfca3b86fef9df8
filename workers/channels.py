"""Ways a notice reaches its recipient, behind one interface.

``send`` takes a batch of notices of one channel and returns the failures by notice id:
``Transient`` for those worth retrying (a time-out, a gateway that is down or busy) and
``Permanent`` for those that are not (no phone number on file, a message the gateway refuses);
every notice not named was accepted. Every adapter passes the notice's key as the client
message id, so that a resend after a crash between "sent" and "marked" is recognised by the
gateway and not delivered twice.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from jobs.validators import mask_mobile
from workers.models import Channel, Notice

# Development only: what would have gone to a gateway that is not configured.
console_log = logging.getLogger("workers.channels.console")


class Transient(Exception):
    pass


class Permanent(Exception):
    pass


Failures = dict[int, Exception]


class NoticeChannel(Protocol):
    def send(self, notices: Sequence[Notice]) -> Failures: ...


class InboxChannel:
    """The in-app inbox is the notice row itself: there is nothing to send."""

    def send(self, notices: Sequence[Notice]) -> Failures:
        return {}


class HttpGateway:
    """A JSON-over-HTTP message gateway that takes batches (an SMS provider's batch API, a WeChat
    template-message relay).

    Posts ``{"messages": [{"to", "title", "text", "client_msg_id"}, ...]}`` with a bearer key, at
    most ``batch`` messages a request. A 2xx answer carries ``{"results": [{"client_msg_id",
    "status", "error"}]}`` where status is "accepted", "duplicate" (it has this id already: also
    accepted), "busy" (transient) or "rejected" (permanent); a message missing from the results
    is retried. A 429 or 5xx answer, a time-out or a refused connection fails the whole request
    transiently; any other answer fails it permanently."""

    def __init__(self, *, url: str, key: str, timeout: float, address: str, batch: int) -> None:
        self.url, self.key, self.timeout, self.address, self.batch = url, key, timeout, address, batch

    def send(self, notices: Sequence[Notice]) -> Failures:
        messages, failures = _addressed(notices, self.address)
        for start in range(0, len(messages), self.batch):
            failures.update(self._post(messages[start : start + self.batch]))
        return failures

    def send_now(self, *, to: str, title: str, text: str, key: str) -> Exception | None:
        """One message outside the outbox (a sign-in code, which must not wait for the morning
        or count against a daily cap); returns its failure, if any."""
        message = Notice(key=key, channel=Channel.SMS, title=title, body=text)
        return self._post([(message, to)]).get(message.pk)

    def _post(self, messages: list[tuple[Notice, str]]) -> Failures:
        if not self.url:
            return {n.pk: Permanent(f"no gateway configured for {n.channel}") for n, _ in messages}
        body = json.dumps(
            {
                "messages": [
                    {"to": to, "title": n.title, "text": n.body, "client_msg_id": n.key} for n, to in messages
                ]
            },
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
        error: Exception
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                results = {r["client_msg_id"]: r for r in json.loads(response.read())["results"]}
        except urllib.error.HTTPError as e:
            if e.code == 429 or e.code >= 500:
                error = Transient(f"gateway answered {e.code}")
            else:
                error = Permanent(f"gateway refused the request ({e.code})")
            return {n.pk: error for n, _ in messages}
        except (urllib.error.URLError, TimeoutError, ConnectionError) as e:
            error = Transient(f"gateway unreachable: {e}")
            return {n.pk: error for n, _ in messages}
        except (ValueError, KeyError, TypeError) as e:  # an answer we cannot read: try again later
            error = Transient(f"gateway answer unreadable: {e}")
            return {n.pk: error for n, _ in messages}
        failures: Failures = {}
        for notice, _to in messages:
            result = results.get(notice.key, {"status": "missing"})
            status, reason = result.get("status"), result.get("error", "")
            if status == "rejected":
                failures[notice.pk] = Permanent(f"gateway rejected the message: {reason}")
            elif status not in ("accepted", "duplicate"):
                failures[notice.pk] = Transient(f"gateway did not take the message ({status}) {reason}")
        return failures


class ConsoleChannel:
    """In development, a channel without a gateway writes its notices to the console and counts
    them sent, so that the inbox and the notices admin show what would have gone out (as the
    sign-in codes are written there). Production never uses it: there such a channel fails its
    notices for staff to see. A notice without an address still fails, as it would with a
    gateway."""

    def __init__(self, *, channel: str, address: str) -> None:
        self.channel, self.address = channel, address

    def send(self, notices: Sequence[Notice]) -> Failures:
        messages, failures = _addressed(notices, self.address)
        for notice, to in messages:
            console_log.info(
                "DEVELOPMENT ONLY (no %s gateway): %s to %s\n%s\n%s",
                self.channel, notice.key, _masked(to, self.address), notice.title, notice.body,
            )  # fmt: skip
        return failures


def _masked(to: str, address: str) -> str:
    return mask_mobile(to) if address == "phone" else f"{to[:4]}…"


class EmailChannel:
    """Django's mail backend (SMTP in production), over one connection per batch."""

    def send(self, notices: Sequence[Notice]) -> Failures:
        failures: Failures = {}
        try:
            with get_connection(fail_silently=False) as connection:
                for notice in notices:
                    try:
                        to = _address(notice, "email")
                        EmailMessage(notice.title, notice.body, None, [to], connection=connection).send()
                    except Permanent as e:
                        failures[notice.pk] = e
                    except (OSError, TimeoutError) as e:
                        failures[notice.pk] = Transient(f"mail server: {e}")
        except (OSError, TimeoutError) as e:  # could not connect at all
            error = Transient(f"mail server: {e}")
            failures.update({n.pk: error for n in notices if n.pk not in failures})
        return failures


def _addressed(notices: Sequence[Notice], kind: str) -> tuple[list[tuple[Notice, str]], Failures]:
    """Each notice with its address of this kind, and the failures of those that have none."""
    messages: list[tuple[Notice, str]] = []
    failures: Failures = {}
    for notice in notices:
        try:
            messages.append((notice, _address(notice, kind)))
        except Permanent as e:
            failures[notice.pk] = e
    return messages, failures


def _address(notice: Notice, kind: str) -> str:
    """The recipient's phone, email or WeChat id (or the address the notice itself holds, such
    as the old number of a phone change); ``Permanent`` if there is none."""
    value = ""
    if notice.to:
        value = notice.to
    elif notice.employer is not None:  # an employer is reached through its contact on file
        value = notice.employer.contact_phone if kind == "phone" else ""
    else:
        who = notice.person or notice.user
        attribute = {"phone": "phone", "email": "email", "wechat": "wechat_openid"}[kind]
        value = getattr(who, attribute, "")
    if not value:
        raise Permanent(f"the recipient has no {kind} on file")
    return str(value)


_GATEWAYS = {Channel.SMS: ("SMS_GATEWAY", "phone"), Channel.WECHAT: ("WECHAT_GATEWAY", "wechat")}


def _gateway(channel: Channel) -> HttpGateway:
    prefix, address = _GATEWAYS[channel]
    return HttpGateway(
        url=getattr(settings, f"{prefix}_URL"),
        key=getattr(settings, f"{prefix}_KEY"),
        timeout=settings.NOTICE_GATEWAY_TIMEOUT,
        address=address,
        batch=settings.NOTICE_GATEWAY_BATCH,
    )


def sms_gateway() -> HttpGateway:
    """The SMS gateway itself, configured or not (the sign-in codes decide for themselves what
    to do without one)."""
    return _gateway(Channel.SMS)


def channel_for(channel: str) -> NoticeChannel:
    if channel == Channel.INBOX:
        return InboxChannel()
    if channel == Channel.EMAIL:
        return EmailChannel()
    if channel in _GATEWAYS:
        gateway = _gateway(Channel(channel))
        # "Development" as the sign-in codes read it: any profile but production.
        if not gateway.url and not settings.PRODUCTION:
            return ConsoleChannel(channel=channel, address=gateway.address)
        return gateway
    raise Permanent(f"unknown channel {channel}")
