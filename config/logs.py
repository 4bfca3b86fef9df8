"""Filters that keep the log to what someone reads: not a line per static file, not a
traceback for a request that was refused on purpose."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from gunicorn.glogging import Logger as GunicornLogger


def _is_static(path: str) -> bool:
    return path.startswith(str(settings.STATIC_URL or "/static/"))


class SkipStaticRequests(logging.Filter):
    """For ``django.server`` (``runserver``): its lines read ``"GET /static/... HTTP/1.1" 200 n``."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        parts = str(args[0]).split() if args else []
        return not (len(parts) >= 2 and _is_static(parts[1]))


class RefusalsInOneLine(logging.Filter):
    """For ``django.request``: a 4xx (a refusal: forbidden, not found, bad request) is one line,
    without the traceback of the exception that produced it; a 5xx keeps its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class AccessLogWithoutStatic(GunicornLogger):
    """Gunicorn's access log (``serve``), without a line for each static file."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if _is_static(environ.get("PATH_INFO", "")):
            return
        super().access(resp, req, environ, request_time)
