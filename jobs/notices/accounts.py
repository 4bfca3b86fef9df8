"""Changes to a person's account that they must hear of at once: a phone changed."""

from __future__ import annotations

from django.utils import timezone

from jobs.models import PhoneChange
from jobs.notices.base import render
from workers.models import Channel, NoticeKind
from workers.outbox import notice_write


def phone_change_write(*, change: PhoneChange, old_phone: str) -> int:
    """Tell a person with an account that one of their phones changed: in the inbox, and by SMS
    to the old number (held on the notice, so that it goes there and not to the new one). Sent
    whatever their notice choices, at once: it may be the only sign that someone else did it.
    Returns the notices written."""
    person = change.person
    when = timezone.localtime(change.at).strftime("%Y-%m-%d %H:%M")
    title, body = render(NoticeKind.PHONE_CHANGED, which=change.which, new=change.new_phone, when=when)
    key = f"phone_changed:{change.pk}"
    written = 0
    for channel, to in ((Channel.INBOX, ""), (Channel.SMS, old_phone)):
        if channel == Channel.SMS and not to:
            continue
        notice = notice_write(key=f"{key}:{channel}", kind=NoticeKind.PHONE_CHANGED, channel=channel, title=title,
                              body=body, person=person, region_id=person.home_region_id, to=to)  # fmt: skip
        written += notice is not None
    return written
