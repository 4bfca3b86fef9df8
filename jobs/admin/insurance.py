"""Social-insurance transfer rules: every staff member reads them; city staff change those for
moves into their area (a rule to anywhere, only staff of everywhere)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jobs.admin.scoping import AreaRuleAdmin
from jobs.models.insurance import InsuranceTransferRule
from jobs.services.insurance import insurance_rule_save


@admin.register(InsuranceTransferRule)
class InsuranceTransferRuleAdmin(AreaRuleAdmin):
    rule_area = "to_area"
    list_display = (
        "scheme",
        "from_area",
        "to_area",
        "returnees_only",
        "pooled_by",
        "takes",
        "active",
        "updated_at",
    )
    list_filter = ("active", "scheme", "returnees_only")
    list_select_related = ("from_area", "to_area")
    autocomplete_fields = ("from_area", "to_area")
    search_fields = ("office", "document", "to_area__name", "from_area__name")
    readonly_fields = ("updated_at", "updated_by")

    def save_model(self, request: HttpRequest, obj: InsuranceTransferRule, form: Any, change: bool) -> None:
        insurance_rule_save(rule=obj, by=request.user)
