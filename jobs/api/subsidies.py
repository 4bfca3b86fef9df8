"""What the subsidy endpoints of every audience show: a policy as it is told, and an
entitlement with its claim."""

from __future__ import annotations

from rest_framework import serializers

from jobs.models.subsidies import Entitlement, SubsidyPolicy
from jobs.notices.subsidies import amount_text


class PolicyOut(serializers.ModelSerializer[SubsidyPolicy]):
    amount = serializers.SerializerMethodField(
        help_text="The amount as told: 1000元, 每人每年不低于5000元, 按当地标准"
    )

    class Meta:
        model = SubsidyPolicy
        fields = ["key", "name", "document", "article", "paid_to", "occasion", "amount_yuan", "amount_basis",
                  "amount", "conditions", "evidence", "how_to_claim"]  # fmt: skip

    def get_amount(self, policy: SubsidyPolicy) -> str:
        return amount_text(policy)


class EntitlementOut(serializers.ModelSerializer[Entitlement]):
    policy = PolicyOut()

    class Meta:
        model = Entitlement
        fields = ["id", "policy", "occasion_on", "status", "told_at", "applied_at", "decided_at", "amount_yuan",
                  "paid_on", "refusal_reason"]  # fmt: skip
