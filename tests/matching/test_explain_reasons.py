"""matching.selectors.match_reasons: how a distance is told, when people are placed at their
county's centre."""

from __future__ import annotations

from django.utils.translation import gettext as _

from matching.selectors import match_reasons


def test_a_distance_is_told_as_an_estimate_from_the_county_seat() -> None:
    reasons = match_reasons({"distance_km": 12.3})

    assert reasons == [_("About %(km)s km away (estimated from the county seat)") % {"km": 12.3}]


def test_a_zero_distance_is_told_as_the_same_county_not_as_0_0_km() -> None:
    reasons = match_reasons({"distance_km": 0.0})

    assert reasons == [_("In the same county: the distance is estimated from the county seat")]
    assert not any("0.0" in r for r in reasons)
