"""The engine on the real registries: stored matches, incremental refresh, restarts, status."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import Occupation, Person, PersonSkill, Skill, Vacancy, VacancySkill
from jobs.services.roles import STATION_STAFF
from jobs.services.taxonomy import taxonomy_load
from matching.models import Match, MatchEvent, MatchStatus
from matching.selectors import match_reasons, matches_for_person
from matching.services.index import index_current, index_reset
from matching.services.lifecycle import match_set_status
from matching.services.refresh import matches_rebuild, matches_refresh_people, matches_refresh_vacancies
from tests.factories import PersonFactory, VacancyFactory, region, staff_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_index")]


def seeker(**fields: Any) -> Person:
    defaults = {"consent_matching": True, "consent_recorded_at": timezone.now(), "expected_wage": 5000}
    return PersonFactory(**{**defaults, **fields})


def vacancy(code: str, **fields: Any) -> Vacancy:
    v = VacancyFactory(occupation=Occupation.objects.get(code=code), **fields)
    for i, skill in enumerate(Skill.objects.filter(occupations__code=code).order_by("pk")):
        VacancySkill.objects.create(vacancy=v, skill=skill, required=i == 0)
    return v


def test_someone_who_calls_themselves_a_chanche_worker_gets_the_forklift_job_first() -> None:
    # given: "铲车工" shares no characters with "叉车司机"; only the taxonomy's synonyms link them
    taxonomy_load()
    person = seeker(self_description="干过五年铲车工，会装卸")
    forklift = vacancy("6-30-05-01", title="叉车司机", description="仓库叉车作业")
    vacancy("6-18-02-04", title="电焊工", description="二保焊")
    # when
    matches_rebuild()
    # then
    best = matches_for_person(person=person).first()
    assert best is not None and best.vacancy_id == forklift.pk
    assert best.explanation["distance_km"] is not None
    assert "装卸搬运" in best.explanation["shared_skills"]
    # both are placed at 京山市's centre: the reason says so rather than "0.0 km"
    same_county = _("In the same county: the distance is estimated from the county seat")
    assert same_county in match_reasons(best.explanation)


def test_a_closed_vacancy_leaves_every_list_but_an_application_to_it_is_kept() -> None:
    # given
    taxonomy_load()
    applicant, other = seeker(self_description="叉车司机"), seeker(self_description="叉车工")
    job = vacancy("6-30-05-01")
    matches_rebuild()
    applied = Match.objects.get(person=applicant, vacancy=job)
    match_set_status(match=applied, status=MatchStatus.APPLIED, by="person")
    # when
    job.status = Vacancy.Status.CLOSED
    job.save()
    matches_refresh_vacancies(vacancy_ids=[job.pk])
    # then
    assert not Match.objects.filter(person=other).exists()
    kept = Match.objects.get(pk=applied.pk)
    assert kept.status == MatchStatus.APPLIED and kept.person_rank is None and kept.vacancy_rank is None


def test_a_new_vacancy_is_scored_without_a_rebuild_and_agrees_with_one() -> None:
    # given
    taxonomy_load()
    people = [seeker(self_description=d) for d in ("叉车司机五年", "会开叉车", "电焊工", "养老护理员")]
    vacancy("6-18-02-04")
    matches_rebuild()
    # when
    new = vacancy("6-30-05-01", wage_min=6000, wage_max=8000)
    matches_refresh_vacancies(vacancy_ids=[new.pk])
    incremental = set(Match.objects.values_list("person_id", "vacancy_id", "person_rank", "vacancy_rank"))
    matches_rebuild()
    # then
    assert {p for p, v, _r, _s in incremental if v == new.pk} == {people[0].pk, people[1].pk}
    assert incremental == set(
        Match.objects.values_list("person_id", "vacancy_id", "person_rank", "vacancy_rank")
    )


def test_a_person_who_withdraws_consent_is_taken_off_every_list() -> None:
    # given
    taxonomy_load()
    person = seeker(self_description="叉车司机")
    vacancy("6-30-05-01")
    matches_rebuild()
    assert Match.objects.filter(person=person).exists()
    # when
    person.consent_matching = False
    person.save()
    matches_refresh_people(person_ids=[person.pk])
    # then
    assert not Match.objects.filter(person=person).exists()


def test_sex_age_ethnicity_and_household_registration_do_not_change_a_score() -> None:
    # given
    taxonomy_load()
    person = seeker(
        self_description="叉车司机，会装卸", sex="M", ethnicity="汉族", hukou_region=region("420882")
    )
    PersonSkill.objects.create(person=person, skill=Skill.objects.get(code="forklift-operation"), level=3)
    vacancy("6-30-05-01")
    matches_rebuild()
    before = Match.objects.get(person=person)
    # when
    Person.objects.filter(pk=person.pk).update(
        sex="F", birth_date=date(1960, 1, 1), ethnicity="土家族", hukou_region=region("440300"),
        updated_at=timezone.now(),
    )  # fmt: skip
    matches_refresh_people(person_ids=[person.pk])
    # then
    after = Match.objects.get(person=person)
    assert after.score == before.score and after.explanation == before.explanation


def test_a_restarted_process_loads_the_saved_index_and_catches_up() -> None:
    # given: an index built and saved, then this process forgets it
    taxonomy_load()
    person = seeker(self_description="叉车司机")
    matches_rebuild()
    built = index_current().built_at
    index_reset()
    new = vacancy("6-30-05-01")
    # when
    live = index_current()
    # then: the saved copy was loaded (same build time) and the new vacancy is in it
    assert live.built_at == built
    assert [v for v, _s in live.index.vacancies_for(person.pk, 5)] == [new.pk]


def test_a_match_moves_forward_only_and_every_step_is_recorded() -> None:
    # given
    taxonomy_load()
    seeker(self_description="叉车司机")
    vacancy("6-30-05-01")
    matches_rebuild()
    match = Match.objects.get()
    # when
    match_set_status(match=match, status=MatchStatus.VIEWED, by="person")
    match_set_status(match=match, status=MatchStatus.APPLIED, by="person")
    # then
    with pytest.raises(ValidationError) as back:
        match_set_status(match=match, status=MatchStatus.VIEWED, by="person")
    assert "status" in back.value.message_dict
    match_set_status(match=match, status=MatchStatus.DECLINED, by="employer")
    with pytest.raises(ValidationError):
        match_set_status(match=match, status=MatchStatus.HIRED, by="employer")
    assert list(MatchEvent.objects.values_list("status", flat=True)) == ["viewed", "applied", "declined"]


def test_rebuilding_twice_changes_nothing() -> None:
    # given
    taxonomy_load()
    for d in ("叉车司机", "电焊工", "会开叉车"):
        seeker(self_description=d)
    vacancy("6-30-05-01")
    vacancy("6-18-02-04")
    first = matches_rebuild()
    rows = set(Match.objects.values_list("person_id", "vacancy_id", "score", "person_rank"))
    # when
    second = matches_rebuild()
    # then
    assert first["created"] > 0 and second["created"] == 0 and second["deleted"] == 0
    assert rows == set(Match.objects.values_list("person_id", "vacancy_id", "score", "person_rank"))


def test_evaluation_shows_the_engine_beating_plain_tfidf() -> None:
    # given
    call_command("load_demo", size=600, seed=3, today=timezone.localdate(), stdout=io.StringIO())
    out = io.StringIO()
    # when
    call_command("evaluate_matching", stdout=out)
    # then
    rows = {
        line.split("|")[1].strip(): line.split("|")[2:-1]
        for line in out.getvalue().splitlines()
        if line.startswith("| ")
    }
    mrr = {name: float(cells[2]) for name, cells in rows.items() if name in ("tfidf", "engine")}
    assert mrr["engine"] > mrr["tfidf"]


def test_station_staff_see_only_matches_of_people_in_their_area() -> None:
    # given
    taxonomy_load()
    here = seeker(self_description="叉车司机", name="本地人")
    there = seeker(
        self_description="叉车司机", name="外地人", home_region=region("420881"), accepts_anywhere=True
    )
    vacancy("6-30-05-01")
    matches_rebuild()
    client = Client()
    client.force_login(staff_user("station", "420882", groups=[STATION_STAFF]))
    # when
    page = client.get("/admin/matching/match/")
    # then
    assert page.status_code == 200
    assert here.name in page.content.decode() and there.name not in page.content.decode()
    other = Match.objects.get(person=there)
    assert client.get(f"/admin/matching/match/{other.pk}/change/").status_code in (302, 404)


def test_a_saved_index_for_another_taxonomy_is_rebuilt_not_loaded() -> None:
    # given a saved index, then staff add an occupation
    taxonomy_load()
    seeker(self_description="叉车司机")
    matches_rebuild()
    built = index_current().built_at
    index_reset()
    Occupation.objects.create(code="drone-pilot", name="无人机驾驶员", industry="M", synonyms="飞手")
    # when
    live = index_current()
    # then the new occupation is a column of the new index
    assert live.built_at > built
    assert live.index.space.n_occupations == Occupation.objects.count()


def test_a_post_needing_a_licence_ranks_its_holders_first_and_tells_the_others_what_is_missing() -> None:
    # given a forklift post needing the N1 licence, one driver who holds it and one who does not
    taxonomy_load()
    holder = seeker(self_description="开过五年叉车，N1叉车证在手上")
    learner = seeker(self_description="在仓库做过装卸，想学开叉车，还没有证")
    vacancy("6-30-05-01", title="叉车司机", description="仓库叉车作业", licence="forklift_n1")
    # when
    matches_rebuild()
    # then
    first = matches_for_person(person=holder).get()
    second = matches_for_person(person=learner).get()
    assert first.score > second.score
    assert first.explanation["missing_licences"] == []
    assert second.explanation["missing_licences"] == ["叉车司机（N1，场(厂)内专用机动车辆作业）"]
    assert _("Needs a licence not on record: %(licences)s") % {
        "licences": "叉车司机（N1，场(厂)内专用机动车辆作业）"
    } in match_reasons(second.explanation)
