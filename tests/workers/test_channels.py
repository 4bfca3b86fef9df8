"""Without a gateway, development writes SMS and WeChat notices to the console and counts them
sent; production, where a channel has no gateway, fails them for staff to see."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from tests.factories import PersonFactory
from workers.models import Channel, Notice, NoticeKind, NoticeStatus
from workers.outbox import notice_write, notices_deliver

pytestmark = pytest.mark.django_db
CONSOLE = "workers.channels.console"


@pytest.fixture(autouse=True)
def no_gateways(settings: Any) -> None:
    settings.SMS_GATEWAY_URL = settings.WECHAT_GATEWAY_URL = ""
    # Any hour: the quiet hours are tested elsewhere.
    settings.NOTICE_QUIET_START_HOUR = settings.NOTICE_QUIET_END_HOUR = 0


def written(channel: str, **person: Any) -> Notice:
    notice = notice_write(
        key=f"job_match:1:2026-11-23:{channel}", kind=NoticeKind.JOB_MATCH, channel=channel,
        person=PersonFactory(**person), title="为您推荐1个新岗位", body="1. 叉车司机（京山轻机）",
    )  # fmt: skip
    assert notice is not None
    return notice


def console(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == CONSOLE and r.levelno == logging.INFO]


def test_without_a_gateway_in_development_an_sms_notice_goes_to_the_console_and_is_sent(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given an SMS notice, in the test settings (development) without an SMS gateway
    notice = written(Channel.SMS, phone="13800138000")

    # when it is delivered
    with caplog.at_level(logging.INFO, logger=CONSOLE):
        counts = notices_deliver(notice_ids=[notice.pk])

    # then it is sent, and the console shows its text, marked as development only
    assert counts["sent"] == 1
    sent = Notice.objects.get(pk=notice.pk)
    assert sent.status == NoticeStatus.SENT and sent.last_error == ""
    (line,) = console(caplog)
    assert "DEVELOPMENT ONLY" in line and "为您推荐1个新岗位" in line and "1. 叉车司机（京山轻机）" in line
    assert "13800138000" not in line and "138****8000" in line


def test_without_a_gateway_in_development_a_wechat_notice_goes_to_the_console_and_is_sent(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given a WeChat notice without a WeChat gateway
    notice = written(Channel.WECHAT, wechat_openid="o6_bmjrPTlm6_2sgVt7hMZOPfL2M", notify_wechat=True)

    # when
    with caplog.at_level(logging.INFO, logger=CONSOLE):
        notices_deliver(notice_ids=[notice.pk])

    # then
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.SENT
    assert any("1. 叉车司机（京山轻机）" in line for line in console(caplog))


def test_a_notice_to_nobody_on_the_console_still_fails_for_want_of_an_address(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given an SMS notice to a person without a phone
    notice = written(Channel.SMS, phone="")

    # when
    with caplog.at_level(logging.INFO, logger=CONSOLE):
        notices_deliver(notice_ids=[notice.pk])

    # then it fails as it would with a gateway, and nothing is written to the console
    failed = Notice.objects.get(pk=notice.pk)
    assert failed.status == NoticeStatus.FAILED and "no phone" in failed.last_error
    assert console(caplog) == []


def test_in_production_a_channel_without_a_gateway_fails_its_notices(
    settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # given production settings with no WeChat gateway (it is optional there)
    settings.PRODUCTION = True
    notice = written(Channel.WECHAT, wechat_openid="o6_bmjrPTlm6_2sgVt7hMZOPfL2M", notify_wechat=True)

    # when
    with caplog.at_level(logging.INFO, logger=CONSOLE):
        notices_deliver(notice_ids=[notice.pk])

    # then nothing reaches the console and staff see why it failed
    failed = Notice.objects.get(pk=notice.pk)
    assert failed.status == NoticeStatus.FAILED and failed.last_error == "no gateway configured for wechat"
    assert console(caplog) == []
