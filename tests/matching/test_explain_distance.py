"""matching.ml.explain: a distance measured from a region's centre says it is an estimate."""

from __future__ import annotations

import numpy as np

from matching.ml.explain import explain
from tests.matching.ml_builders import COUNTY, TODAY, PersonRow, VacancyRow, ranked_index

TEXT = "叉车司机 开叉车"


def test_a_distance_to_someone_placed_by_their_county_centre_is_flagged_approximate() -> None:
    # given a person placed by their home county's centre and a site at that same centre
    index = ranked_index(
        {1: PersonRow(text=TEXT, places=(COUNTY,))}, {101: VacancyRow(text=TEXT, place=COUNTY)}
    )

    # when
    [why] = explain(
        index, np.array([index.people.row_of[1]]), np.array([index.vacancies.row_of[101]]), today=TODAY
    )

    # then the 0.0 km is between two approximations, and says so
    assert why.distance_km == 0.0
    assert why.distance_approximate is True


def test_an_unknown_distance_is_not_flagged_approximate() -> None:
    # given a site with no place at all
    index = ranked_index(
        {1: PersonRow(text=TEXT, places=(COUNTY,))}, {101: VacancyRow(text=TEXT, place=None)}
    )

    # when
    [why] = explain(
        index, np.array([index.people.row_of[1]]), np.array([index.vacancies.row_of[101]]), today=TODAY
    )

    # then
    assert why.distance_km is None
    assert why.distance_approximate is False
