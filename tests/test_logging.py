"""What the log says of a request: a refusal once, in one line; static files not at all."""

from __future__ import annotations

import logging
from io import BytesIO
from typing import Any

import pytest
from django.core.servers.basehttp import WSGIRequestHandler
from django.test import Client
from django.urls import reverse

from jobs.services.roles import STATION_STAFF
from tests.factories import PersonFactory, staff_user


@pytest.mark.django_db
def test_a_refused_staff_page_is_logged_once_in_one_line_without_a_traceback(
    caplog: pytest.LogCaptureFixture, settings: Any
) -> None:
    # given station staff, who may not reveal ID numbers
    settings.DEBUG = False
    person = PersonFactory()
    client = Client()
    client.force_login(staff_user("jingshan", "420882", groups=[STATION_STAFF]))
    caplog.clear()

    # when
    with caplog.at_level(logging.INFO):
        page = client.get(reverse("admin:jobs_person_reveal", args=[person.pk]))

    # then
    assert page.status_code == 403
    refused = [r for r in caplog.records if "reveal" in r.getMessage()]
    assert len(refused) == 1, [(r.name, r.getMessage()) for r in caplog.records]
    record = refused[0]
    assert record.exc_info is None and record.exc_text is None and "\n" not in record.getMessage()
    assert record.levelno == logging.WARNING


def dev_server_logs(path: str) -> None:
    """What ``runserver`` does after answering ``path``: its request handler logs the request."""
    handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
    handler.requestline = f"GET {path} HTTP/1.1"
    handler.request_version = "HTTP/1.1"
    handler.client_address = ("127.0.0.1", 50000)
    handler.request = BytesIO()  # type: ignore[assignment]
    handler.log_request(200, 1234)


def test_the_dev_server_logs_pages_but_not_static_files(caplog: pytest.LogCaptureFixture) -> None:
    # given
    caplog.clear()

    # when
    with caplog.at_level(logging.INFO):
        dev_server_logs("/static/admin/css/base.css")
        dev_server_logs("/admin/")

    # then
    logged = [r.getMessage() for r in caplog.records if r.name == "django.server"]
    assert len(logged) == 1 and "/admin/" in logged[0], logged


def test_the_serve_commands_web_server_logs_pages_but_not_static_files(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # given gunicorn's access log as ``serve`` configures it (to standard output)
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config

    from config.logs import AccessLogWithoutStatic

    config = Config()
    config.set("accesslog", "-")
    config.set("logger_class", "config.logs.AccessLogWithoutStatic")
    log = config.logger_class(config)
    assert isinstance(log, AccessLogWithoutStatic)
    response = SimpleNamespace(status="200 OK", headers=[], sent=10)

    # when
    for path in ("/static/admin/css/base.css", "/admin/"):
        environ = {"REQUEST_METHOD": "GET", "RAW_URI": path, "PATH_INFO": path, "SERVER_PROTOCOL": "HTTP/1.1"}
        log.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=5))

    # then
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and "GET /admin/ HTTP/1.1" in lines[0], lines
