"""matching.selectors.match_reasons: how a distance is told, by how well both places are known."""

from __future__ import annotations

from django.utils.translation import gettext as _

from matching.selectors import match_reasons


def test_a_distance_between_region_centres_is_told_as_an_estimate() -> None:
    reasons = match_reasons({"distance_km": 12.3, "distance_approximate": True})

    assert reasons == [_("About %(km)s km away (estimated from the county seat)") % {"km": 12.3}]


def test_a_zero_distance_between_region_centres_is_told_as_the_same_county() -> None:
    reasons = match_reasons({"distance_km": 0.0, "distance_approximate": True})

    assert reasons == [_("In the same county: the distance is estimated from the county seat")]


def test_a_stored_explanation_without_the_flag_is_taken_as_an_estimate() -> None:
    # given an explanation stored before the flag was kept (people were placed by region centres)
    reasons = match_reasons({"distance_km": 0.0})

    assert reasons == [_("In the same county: the distance is estimated from the county seat")]


def test_a_distance_between_places_known_precisely_is_told_plainly() -> None:
    reasons = match_reasons({"distance_km": 3.4, "distance_approximate": False})

    assert reasons == [_("About %(km)s km away") % {"km": 3.4}]
