"""Which social-insurance transfer rules a move calls for."""

from __future__ import annotations

from jobs.models.insurance import InsuranceScheme, InsuranceTransferRule


def transfers_needed(*, from_code: str, to_code: str, returning: bool) -> list[InsuranceTransferRule]:
    """Per scheme, the most specific rule in force for a move from ``from_code`` to ``to_code``
    (``returning``: a migrant worker coming home), unless that rule pools both places together;
    in the order of the schemes. A scheme with no rule that applies is not told: a guess at an
    office would send someone to the wrong window."""
    rules = InsuranceTransferRule.objects.filter(active=True).select_related("from_area", "to_area")
    chosen: dict[str, InsuranceTransferRule] = {}
    for rule in rules:
        if rule.applies(from_code, to_code, returning) and (
            rule.scheme not in chosen or rule.specificity() > chosen[rule.scheme].specificity()
        ):
            chosen[rule.scheme] = rule
    return [
        chosen[scheme] for scheme in InsuranceScheme.values
        if scheme in chosen and not chosen[scheme].same_pool(from_code, to_code)
    ]  # fmt: skip
