"""Writing the social-insurance transfer rules (city staff, in the admin)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from jobs.models.insurance import InsuranceTransferRule


@transaction.atomic
def insurance_rule_save(*, rule: InsuranceTransferRule, by: Any) -> InsuranceTransferRule:
    """Add or change a rule, checked first; the next move it applies to is told by it."""
    rule.full_clean()
    rule.updated_by = by
    rule.save()
    return rule
