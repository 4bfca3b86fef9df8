"""An occupation in a spreadsheet cell: its national classification code, its name, one of its
everyday titles, or the export's "code name"; a title two occupations share is an error naming both."""

from __future__ import annotations

import pytest

from jobs.imports.widgets import NamedListWidget
from jobs.models import Occupation
from jobs.services.taxonomy import taxonomy_load
from tests.factories import OccupationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "cell", ["6-30-05-01", "起重装卸机械操作工", "叉车工", "铲车工", "6-30-05-01 起重装卸机械操作工"]
)
def test_a_code_a_name_a_book_title_a_county_title_or_the_export_all_name_the_occupation(cell: str) -> None:
    taxonomy_load()  # 铲车工 is the county's own title

    assert [o.code for o in NamedListWidget(Occupation).clean(cell)] == ["6-30-05-01"]


def test_a_part_of_a_title_names_nothing_and_a_shared_title_asks_for_the_code() -> None:
    OccupationFactory(code="gate-a", synonyms="看门的、门岗")
    OccupationFactory(code="gate-b", synonyms="保安、看门的")

    with pytest.raises(ValueError, match="叉车司"):
        NamedListWidget(Occupation).clean("叉车司")
    with pytest.raises(ValueError, match=r"gate-a.*gate-b"):
        NamedListWidget(Occupation).clean("看门的")
    assert [o.code for o in NamedListWidget(Occupation).clean("门岗、gate-b")] == ["gate-a", "gate-b"]
