"""The admin's reveal page, shared by people and employers: permitted staff give a purpose and
see the full numbers; the service logs each reveal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from jobs.services.people import REVEAL_PERMISSION


class RevealForm(forms.Form):
    purpose = forms.CharField(label=_("Purpose"), max_length=200)


class RevealAdminMixin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Adds ``<id>/reveal/``. The admin it is mixed into defines what is shown masked beside
    the button (``masked``) and what a reveal gives, through the service that logs it
    (``reveal``: label, value and element id per row)."""

    masked: Callable[[Any], str]
    reveal: Callable[[HttpRequest, Any, str], list[tuple[str, str, str]]]

    def revealable(self, obj: Any) -> str:
        """The masked numbers with a reveal button, for staff who may reveal."""
        if obj.pk is None:
            return "—"
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_reveal", args=[obj.pk])
        return format_html('{} <a class="button" href="{}">{}</a>', self.masked(obj), url, _("Reveal"))

    def get_urls(self) -> list[Any]:
        opts = self.model._meta
        reveal = path(
            "<int:object_id>/reveal/",
            self.admin_site.admin_view(self.reveal_view),
            name=f"{opts.app_label}_{opts.model_name}_reveal",
        )
        return [reveal, *super().get_urls()]

    def reveal_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        if not request.user.has_perm(REVEAL_PERMISSION):
            raise PermissionDenied
        obj = get_object_or_404(self.get_queryset(request), pk=object_id)
        form = RevealForm(request.POST or None)
        revealed = None
        if request.method == "POST" and form.is_valid():
            revealed = self.reveal(request, obj, form.cleaned_data["purpose"])
            messages.info(request, _("This reveal has been recorded."))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "subject": str(obj),
            "form": form,
            "revealed": revealed,
            "title": _("Reveal personal data"),
        }
        return TemplateResponse(request, "admin/jobs/reveal.html", context)
