"""What every endpoint shares: pages, and one shape for errors.

An error is ``{"code": "...", "message": "...", "fields": {"field": ["rule broken", ...]}}``:
``code`` is stable for programs, ``message`` is for people (Chinese unless English was chosen),
``fields`` names each bad field (nested ones as ``skills.0.level``) with what is wrong with it.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from jobs.api.fields import StrictCharField
from jobs.services.people import LookupsExhausted


class Pages(PageNumberPagination):
    """``?page=2&page_size=50``; at most 100 a page, so that a phone on a slow network gets
    something quickly and nobody pages the registry out in a few requests."""

    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list[Any] | None:
        # A page that does not exist is a bad parameter (400), not a missing resource (404).
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound:
            raise exceptions.ValidationError({"page": [_("Page: there is no such page")]}) from None

    def get_page_number(self, request: Any, paginator: Any) -> Any:
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and not (raw.isdigit() and int(raw) >= 1):
            raise exceptions.ValidationError({"page": [_("Page: a whole number from 1")]})
        return super().get_page_number(request, paginator)

    def get_page_size(self, request: Any) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size  # type: ignore[return-value]
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    "page_size": [
                        _("Page size: a whole number from 1 to %(most)d") % {"most": self.max_page_size}
                    ]
                }
            )
        return int(raw)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters


class NotFoundApi(APIView):
    """Any other path under the API: a JSON 404, not the HTML page."""

    permission_classes = [AllowAny]
    authentication_classes = []

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self.http_method_not_allowed = self.not_found  # type: ignore[method-assign]
        return super().dispatch(request, *args, **kwargs)

    def not_found(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        raise exceptions.NotFound()


def _messages() -> dict[str, str]:
    return {
        "invalid": _("The request has errors; see the fields named."),
        "parse_error": _("The request body is not valid JSON."),
        "not_authenticated": _("Please sign in first."),
        "authentication_failed": _("Sign-in failed."),
        "permission_denied": _("You may not do this."),
        "not_found": _("Not found."),
        "method_not_allowed": _("This method is not allowed here."),
        "unsupported_media_type": _("Send the request body as JSON."),
        "not_acceptable": _("This server answers in JSON only."),
        "throttled": _("Too many requests; please wait and try again."),
        "precondition_failed": _("Changed elsewhere since you read it; reload and try again."),
        "precondition_required": _("Say which version you changed: send If-Match with the ETag you read."),
        "sms_unavailable": _("The text message could not be sent; please try again later."),
    }


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(detail, list) and detail and all(isinstance(d, (dict, list)) for d in detail):
        out = {}
        for i, value in enumerate(detail):
            out.update(_flatten(value, f"{prefix}.{i}" if prefix else str(i)))
        return out
    items = detail if isinstance(detail, list) else [detail]
    return {prefix or "non_field_errors": [str(d) for d in items]}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):  # a service's rule, keyed by field
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, LookupsExhausted):
        exc = exceptions.Throttled(wait=exc.wait)
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response  # a server error: Django's own handling (logged, 500)
    code = exc.default_code if not isinstance(exc, exceptions.ValidationError) else "invalid"
    body: dict[str, Any] = {"code": code, "message": _messages().get(code, str(exc.detail))}
    if isinstance(exc, exceptions.ValidationError):
        body["fields"] = _flatten(exc.detail)
    elif isinstance(exc, exceptions.Throttled) and getattr(exc, "wait", None) is not None:
        body["retry_after"] = math.ceil(exc.wait)  # type: ignore[attr-defined]
    response.data = body
    return response


ERROR_SCHEMA = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {
        "code": {"type": "string", "description": "Stable, for programs: invalid, not_found, throttled ..."},
        "message": {"type": "string", "description": "For people, in Chinese unless English was chosen"},
        "fields": {
            "type": "object",
            "description": "Each bad field (nested ones as skills.0.level) and what is wrong with it",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
        "retry_after": {"type": "integer", "description": "Seconds to wait, when throttled"},
    },
}


IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": True,
    "description": "The ETag of the version read; the change is refused (412) if it changed since",
    "schema": {"type": "string"},
}


def error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing: every operation documents the error body and the
    statuses it may answer with (401 and 403 only where signing in is needed; 404 where the path
    names an object)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            public = operation.get("security") == [{}]
            statuses = {"400": "Bad input", "429": "Too many requests"}
            if not public:
                statuses |= {"401": "Not signed in", "403": "Not allowed"}
            if "{" in path:
                statuses["404"] = "Not found"
            if method in ("patch", "put"):
                statuses["412"] = "Changed since read (If-Match)"
                operation.setdefault("parameters", []).append(IF_MATCH)
                statuses["428"] = "If-Match missing"
            for status, description in statuses.items():
                operation["responses"].setdefault(status, {"description": description, **ref})
            for status, response in operation["responses"].items():
                if status[0] in "45" and "content" not in response:
                    response.update(ref)
    return result


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "precondition_required"


def etag(obj: Any, stamp: str = "updated_at") -> str:
    """The version of ``obj`` a client read, from its last change: sent as ``ETag``."""
    version = f"{type(obj).__name__}:{obj.pk}:{getattr(obj, stamp).isoformat()}"
    return '"' + hashlib.sha256(version.encode()).hexdigest()[:16] + '"'


def check_if_match(request: Any, obj: Any, stamp: str = "updated_at") -> None:
    """A change must name the version it was made from (``If-Match`` with the ``ETag`` of the
    last read), so that two people or two devices never overwrite each other unseen: 428 when
    the header is missing, 412 when the object changed since. Called after the body is checked,
    so that a bad body is a 400 whatever version it names."""
    header = request.headers.get("If-Match")
    if header is None:
        raise PreconditionRequired()
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    if "*" not in tags and etag(obj, stamp) not in tags:
        raise PreconditionFailed()


def validated(serializer_class: type[Serializer[Any]], request: Any, partial: bool = False) -> dict[str, Any]:
    """The request body, checked by ``serializer_class`` (a 400 naming the fields if not)."""
    data = serializer_class(data=request.data, partial=partial)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


class WholeItem(serializers.Serializer[Any]):
    """An item of a list that replaces the one held: whole even in a partial update, where DRF
    would otherwise let its required fields be left out."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            missing = {
                name: [field.error_messages["required"]]
                for name, field in self.fields.items()
                if field.required and name not in data
            }
            if missing:
                raise serializers.ValidationError(missing)
        return super().to_internal_value(data)


class SignInIn(serializers.Serializer[Any]):
    """A phone and the code sent to it: how job seekers and employers' staff sign in."""

    phone = StrictCharField(max_length=20)
    code = StrictCharField(max_length=6)


class StatusOut(serializers.Serializer[Any]):
    status = serializers.CharField()
