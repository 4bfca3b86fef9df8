"""The occupation table is the national classification (CSCO 2022), loaded by a migration that
also moves the occupations kept before onto theirs."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from jobs.data.taxonomy import OCCUPATIONS
from jobs.models import Occupation, OccupationLevel, Skill
from jobs.services.taxonomy import taxonomy_load
from matching.ml.classification import read_classification

BEFORE = [("jobs", "0014_admin_labels")]
AFTER = [("jobs", "0017_drop_national_code")]


@pytest.mark.django_db
def test_every_group_and_occupation_is_loaded_with_its_parent() -> None:
    entries = read_classification()
    assert Occupation.objects.count() == len(entries)
    levels = Counter(Occupation.objects.values_list("level", flat=True))
    assert levels == Counter(e.level for e in entries)
    assert levels[OccupationLevel.MAJOR] == 8
    orphans = Occupation.objects.filter(parent__isnull=True).exclude(level=OccupationLevel.MAJOR)
    assert not orphans.exists()
    keeper = Occupation.objects.select_related("parent__parent__parent").get(code="4-02-06-01")
    assert keeper.name == "仓储管理员" and keeper.definition and keeper.tasks
    assert [keeper.parent.code, keeper.parent.parent.code, keeper.parent.parent.parent.code] == [
        "4-02-06-00",
        "4-02-00-00",
        "4-00-00-00",
    ]
    assert "仓库主管" in keeper.synonym_list  # the book's everyday titles


@pytest.mark.django_db
def test_the_county_titles_join_the_classification() -> None:
    taxonomy_load()
    forklift = Occupation.objects.get(code="6-30-05-01")
    assert {"叉车工", "叉车司机", "铲车工"} <= set(forklift.synonym_list)  # book and county titles
    assert forklift.industry == "C"
    assert Skill.objects.get(code="forklift-operation").occupations.get() == forklift
    # Three county titles are one occupation in the book.
    battery = Occupation.objects.get(code="6-24-04-00")
    assert {"电芯装配工", "化成分容工", "涂布工"} <= set(battery.synonym_list)
    assert {e["csco"] for e in OCCUPATIONS} <= set(Occupation.objects.values_list("code", flat=True))
    titles = Occupation.objects.get(code="6-30-05-01").synonyms
    taxonomy_load()  # again: nothing is added twice
    assert Occupation.objects.get(code="6-30-05-01").synonyms == titles


def test_the_occupations_kept_before_move_onto_the_classification(regions_loaded: None) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    old = apps.get_model("jobs", "Occupation")
    skill_model = apps.get_model("jobs", "Skill")
    person_model = apps.get_model("jobs", "Person")
    old.objects.all().delete()
    forklift = old.objects.create(code="forklift-driver", name="叉车司机", industry="C", synonyms="铲车工")
    own = old.objects.create(code="ball-boy", name="网球场球童", industry="R", synonyms="捡球员")
    named = old.objects.create(code="keeper", name="仓储管理员", industry="G", synonyms="仓库保管")
    coded = old.objects.create(code="loader", name="上下货", industry="G", national_code="4-02-05-01")
    skill = skill_model.objects.create(code="forklift-operation", name="叉车驾驶")
    skill.occupations.add(forklift, named)
    person = person_model.objects.create(
        name="求职者",
        id_number="x",
        id_number_hash="h",
        birth_date="1990-01-01",
        sex="M",
        education=2,
        home_region_id="420882",
        employment_status="unemployed",
    )
    person.desired_occupations.add(forklift, coded)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    new = apps.get_model("jobs", "Occupation")
    moved = new.objects.get(code="6-30-05-01")
    assert {"叉车司机", "铲车工", "叉车工"} <= set(moved.synonyms.split("、")) and moved.industry == "C"
    assert not new.objects.filter(code__in=["forklift-driver", "keeper", "loader"]).exists()
    skill = apps.get_model("jobs", "Skill").objects.get(code="forklift-operation")
    assert set(skill.occupations.values_list("code", flat=True)) == {"6-30-05-01", "4-02-06-01"}
    person = apps.get_model("jobs", "Person").objects.get(pk=person.pk)
    assert set(person.desired_occupations.values_list("code", flat=True)) == {"6-30-05-01", "4-02-05-01"}
    # Staff's own occupation that matches nothing in the book stays as it was.
    kept = new.objects.get(code="ball-boy")
    assert kept.name == "网球场球童" and kept.synonyms == "捡球员" and kept.parent is None
    assert own.pk == kept.pk
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())  # back to the latest
