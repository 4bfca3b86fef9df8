"""How the pages say a wage, a distance and where a match stands, in words for people."""

from __future__ import annotations

import math

from django.utils.translation import gettext as _

from jobs.models import WageUnit
from matching.ml.scoring import MONTHLY
from matching.models import Match, MatchStatus
from matching.selectors import APPLIED_OR_LATER


def wage_text(low: int | None, high: int | None, unit: str) -> str:
    """The wage in yuan a month, as the matching engine converts hourly and daily rates; a piece
    rate as it is, since a month of pieces cannot be known."""
    if low is None and high is None:
        return _("Wage to be agreed")
    if unit not in MONTHLY:
        return _("%(low)s–%(high)s yuan a piece") % {"low": low or high, "high": high or low}
    factor = MONTHLY[unit]
    monthly = [round(x * factor) for x in (low or high or 0, high or low or 0)]
    text = _("%(low)s–%(high)s yuan a month") % {"low": monthly[0], "high": monthly[1]}
    if unit != WageUnit.MONTH:
        text += " " + _("(from %(low)s–%(high)s %(unit)s)") % {
            "low": low or high,
            "high": high or low,
            "unit": WageUnit(unit).label,
        }
    return text


def distance_text(distance_sq: float | None) -> str:
    """A distance from a point, which the sites without coordinates of their own take from
    their county's centre: an estimate, and "in the same county" rather than "0 km"."""
    if distance_sq is None:
        return ""
    km = math.sqrt(distance_sq)
    if km < 0.05:
        return _("In the same county: the distance is estimated from the county seat")
    return _("About %(km)s km away (estimated from the county seat)") % {"km": round(km, 1)}


def match_stage_text(match: Match, *, invited: bool) -> str:
    """Where the person stands with a job: the employer's invitation, or what came of applying."""
    status = match.status
    if status == MatchStatus.HIRED:
        return _("Hired: the employer recorded that you got the job")
    if status == MatchStatus.INTERVIEWED:
        return _("Interviewed: the employer recorded an interview with you")
    if status == MatchStatus.APPLIED:
        return _("Applied: the employer can now see your name and phone")
    if status == MatchStatus.DECLINED:
        return _("Closed: this job is no longer open to you")
    if invited:
        return _("The employer invites you to apply")
    if status == MatchStatus.INTERESTED:
        return _("You said you are interested; the employer sees that, not your phone")
    return ""


def match_actions(match: Match) -> list[str]:
    """What the person may still do with a match: apply, say they are interested, or not."""
    if match.status in (*APPLIED_OR_LATER, MatchStatus.DECLINED):
        return []
    if match.status == MatchStatus.INTERESTED:
        return ["apply", "decline"]
    return ["apply", "interest", "decline"]
