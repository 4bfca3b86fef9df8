"""The "1131" plan: opened when someone enters red or yellow (or by staff for anyone), a case
worker found for red, the jobs the engine proposes sent to the person once, the plan closed when
done or when the person is in work, overdue items and completion rates per station and case
worker, and each case worker's morning list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from jobs.models import GigStation, HardToEmployProfile, Person, PlanItem, Support, SupportPlan, Vacancy
from jobs.notices.plans import plan_digests_write
from jobs.services.hardship import hardship_profile_save
from jobs.services.plans import plan_item_done, plan_open_by_staff
from jobs.services.roles import STATION_STAFF
from jobs.services.support import support_refresh
from jobs.services.tier_rules import add_months
from matching.models import Match
from tests.api.conftest import as_token
from tests.factories import PersonFactory, VacancyFactory, region, staff_user
from tests.support import held_on
from workers.models import Notice, NoticeKind

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _today_held() -> Iterator[None]:
    with held_on(TODAY):
        yield


@pytest.fixture
def station() -> GigStation:
    return GigStation.objects.create(name="京山市新市零工驿站", region=region("420882"), phone="0724-7222333")


def case_worker(name: str, station: GigStation | None) -> Any:
    return staff_user(name, "420882", groups=[STATION_STAFF], station=station, is_case_worker=True)


def out_of_work(months: int, *categories: str, **extra: Any) -> Person:
    """Someone in the registry, out of work this many months."""
    person = PersonFactory(status_since=add_months(TODAY, -months), **extra)
    hardship_profile_save(profile=HardToEmployProfile(person=person, registered_on=date(2025, 1, 2)),
                          categories=categories)  # fmt: skip
    return person


def plan_of(person: Person) -> SupportPlan:
    return SupportPlan.objects.get(support__person=person, closed_on__isnull=True)


def test_entering_yellow_opens_one_plan_with_its_due_days_and_red_keeps_it() -> None:
    # given someone out of work four months (yellow)
    person = out_of_work(4)

    # then one plan, its six items due in 7, 14 and 30 days
    plan = plan_of(person)
    due = sorted((i.kind, (i.due_on - TODAY).days) for i in plan.items.all())
    assert due == [("guidance", 14), ("job", 30), ("job", 30), ("job", 30), ("policy", 7), ("training", 30)]
    assert plan.opened_because == "rules" and plan.case_worker is None  # yellow: no one is assigned

    # when they turn red, and the rules run again
    Person.objects.filter(pk=person.pk).update(status_since=add_months(TODAY, -13))
    support_refresh()
    support_refresh()

    # then the plan is the same one
    assert SupportPlan.objects.count() == 1 and Support.objects.get(person=person).tier == "red"


def test_a_red_tier_without_a_case_worker_gets_the_stations_with_fewest_open_plans(
    station: GigStation,
) -> None:
    # given two case workers of the person's station, the first already with an open plan
    busy, free = case_worker("busy", station), case_worker("free", station)
    staff_user("elsewhere", "420882", is_case_worker=True)  # a case worker of no station
    other = out_of_work(4)
    Support.objects.filter(person=other).update(case_worker=busy)
    SupportPlan.objects.filter(support__person=other).update(case_worker=busy)

    # when someone registered at that station turns red
    person = out_of_work(13, registered_at_station=station)

    # then the free one is theirs, and told of it
    support = Support.objects.get(person=person)
    assert support.tier == "red" and support.case_worker == free and plan_of(person).case_worker == free
    assert plan_of(person).station == station
    assert Notice.objects.filter(kind=NoticeKind.WARNING_TIER, user=free).exists()


def test_a_red_person_of_a_station_with_no_case_worker_keeps_none_and_staff_see_it(
    station: GigStation,
) -> None:
    # given a station whose staff are not case workers
    staff_user("clerk", "420882", groups=[STATION_STAFF], station=station)
    # when someone of its county turns red
    person = out_of_work(13)
    # then no one is made responsible behind staff's back, and the plan still stands
    support = Support.objects.get(person=person)
    assert support.tier == "red" and support.case_worker is None
    assert plan_of(person).station == station and plan_of(person).items.count() == 6


def test_the_engine_proposes_public_welfare_posts_first_and_a_sent_job_is_told_once(
    station: GigStation,
) -> None:
    # given a red person with matches: a factory job ranked first, a public-welfare post third
    worker = case_worker("worker", station)
    person = out_of_work(13, "disability", registered_at_station=station)
    factory, welfare, shop = (VacancyFactory(title=t) for t in ("装配工", "保洁员", "理货员"))
    Vacancy.objects.filter(pk=welfare.pk).update(work_type="public_welfare")
    for rank, vacancy in enumerate((factory, shop, welfare), start=1):
        Match.objects.create(
            person=person, vacancy=vacancy, score=0.9 - rank / 10, person_rank=rank, vacancy_rank=1
        )
    client = as_token_of(worker)
    plan = client.get(f"/api/v1/staff/people/{person.pk}/plan/").json()
    assert [p["title"] for p in plan["proposals"]] == ["保洁员", "装配工", "理货员"]
    assert plan["proposals"][0]["public_welfare"] is True
    job = next(i for i in plan["items"] if i["kind"] == "job")

    # when the case worker sends the public-welfare post
    sent = client.post(f"/api/v1/staff/plan-items/{job['id']}/done/", {"vacancy": welfare.pk}, format="json")

    # then the item is done today by them, the person told once, and it is proposed no more
    assert sent.status_code == 200, sent.content
    assert (sent.json()["done_on"], sent.json()["done_by"], sent.json()["vacancy"]) == (
        TODAY.isoformat(), "worker", welfare.pk,
    )  # fmt: skip
    told = Notice.objects.filter(kind=NoticeKind.JOB_RECOMMENDATION, person=person)
    assert told.filter(channel="inbox").count() == 1 and "保洁员" in told.first().title  # type: ignore[union-attr]
    written = told.count()
    plan = client.get(f"/api/v1/staff/people/{person.pk}/plan/").json()
    assert [p["title"] for p in plan["proposals"]] == ["装配工", "理货员"]
    # and the same job again, an item done already, or a closed vacancy are refused by name
    second = next(i for i in plan["items"] if i["kind"] == "job" and not i["done_on"])
    again = client.post(
        f"/api/v1/staff/plan-items/{second['id']}/done/", {"vacancy": welfare.pk}, format="json"
    )
    assert again.status_code == 400 and list(again.json()["fields"]) == ["vacancy"]
    redo = client.post(f"/api/v1/staff/plan-items/{job['id']}/done/", {"vacancy": shop.pk}, format="json")
    assert redo.status_code == 400 and "done_on" in redo.json()["fields"]
    Vacancy.objects.filter(pk=shop.pk).update(status=Vacancy.Status.CLOSED)
    closed = client.post(
        f"/api/v1/staff/plan-items/{second['id']}/done/", {"vacancy": shop.pk}, format="json"
    )
    assert closed.status_code == 400 and list(closed.json()["fields"]) == ["vacancy"]
    assert told.count() == written


def test_a_plan_closes_when_every_item_is_done_or_its_person_is_in_work(station: GigStation) -> None:
    worker = case_worker("worker", station)
    person = out_of_work(4)
    plan = plan_of(person)
    jobs = [VacancyFactory(title=f"岗位{n}") for n in range(3)]
    for item in plan.items.order_by("pk"):
        if item.kind == "job":
            plan_item_done(item=item, by=worker, vacancy=jobs.pop().pk, outcome="已投递")
        else:
            plan_item_done(item=item, by=worker, outcome="已完成")
    plan.refresh_from_db()
    assert (plan.closed_on, plan.closed_because) == (TODAY, "done")
    with pytest.raises(ValidationError):
        plan_item_done(item=plan.items.first(), by=worker)  # type: ignore[arg-type]

    # and another's plan ends the day the rules find them in work
    other = out_of_work(4)
    Person.objects.filter(pk=other.pk).update(employment_status="employed", status_since=TODAY)
    report = support_refresh()
    assert (
        report.plans_closed == 1
        and SupportPlan.objects.get(support__person=other).closed_because == "in_work"
    )


def test_a_done_day_in_the_future_or_before_the_plan_is_refused() -> None:
    person = out_of_work(4)
    briefing = plan_of(person).items.get(kind="policy")
    for day in (TODAY + timedelta(days=1), TODAY - timedelta(days=1)):
        with pytest.raises(ValidationError) as refused:
            plan_item_done(item=briefing, by=None, done_on=day)
        assert list(refused.value.message_dict) == ["done_on"]
    assert PlanItem.objects.filter(done_on__isnull=False).count() == 0


def test_completion_is_counted_per_station_and_case_worker_over_what_is_due(station: GigStation) -> None:
    # given two plans of the station, opened 20 days ago: briefing and guidance are due
    worker = case_worker("worker", station)
    people = [out_of_work(13, registered_at_station=station) for _ in range(2)]
    PlanItem.objects.update(due_on=TODAY - timedelta(days=1))
    PlanItem.objects.filter(kind__in=["job", "training"]).update(due_on=TODAY + timedelta(days=10))
    SupportPlan.objects.update(opened_on=TODAY - timedelta(days=20))
    # one briefing done on time, one guidance late, the rest not done
    first = plan_of(people[0]).items
    plan_item_done(item=first.get(kind="policy"), by=worker, done_on=TODAY - timedelta(days=2))
    plan_item_done(item=first.get(kind="guidance"), by=worker)

    body = as_token_of(worker).get("/api/v1/staff/plans/completion/").json()

    row = {"due": 4, "done": 2, "on_time": 1, "overdue": 2, "rate": 0.5}
    assert body["stations"] == [{"id": station.pk, "name": station.name, **row}]
    assert body["case_workers"] == [{"id": worker.pk, "name": "worker", **row}]


def test_each_case_worker_gets_one_morning_list_of_what_is_due(station: GigStation) -> None:
    worker, idle = case_worker("worker", station), case_worker("idle", station)
    person = out_of_work(13, registered_at_station=station, name="周八")
    assert plan_of(person).case_worker == worker
    PlanItem.objects.filter(kind="policy").update(due_on=TODAY - timedelta(days=2))
    PlanItem.objects.filter(kind="guidance").update(due_on=TODAY + timedelta(days=1))

    assert plan_digests_write() == 1
    assert plan_digests_write() == 1  # the same day again: the same key, nothing new

    told = Notice.objects.filter(kind=NoticeKind.PLAN_DIGEST)
    assert list(told.values_list("user_id", flat=True)) == [worker.pk] and idle.pk not in told.values_list(
        "user_id", flat=True
    )
    notice = told.get()
    assert notice.title == "今日帮扶待办2项，其中逾期1项"
    assert "周八：政策宣讲，已逾期2天" in notice.body and "周八：职业指导，" in notice.body


def test_staff_open_a_plan_for_anyone_of_their_area_and_only_there(station: GigStation) -> None:
    clerk = staff_user("clerk", "420882", groups=[STATION_STAFF], station=station)
    mine = PersonFactory(employment_status="employed")
    theirs = PersonFactory(home_region=region("420881"))
    client = as_token_of(clerk)

    opened = client.post(f"/api/v1/staff/people/{mine.pk}/plan/")
    assert opened.status_code == 200 and opened.json()["opened_because"] == "staff"
    assert client.post(f"/api/v1/staff/people/{theirs.pk}/plan/").status_code == 404
    assert plan_open_by_staff(person=mine, by=clerk).pk == opened.json()["id"]  # the open one stays
    neighbour = as_token_of(staff_user("zhongxiang", "420881", groups=[STATION_STAFF]))
    item = plan_of(mine).items.first()
    assert neighbour.post(f"/api/v1/staff/plan-items/{item.pk}/done/", {}, format="json").status_code == 404  # type: ignore[union-attr]


def test_the_admin_lists_overdue_items_of_the_area_and_a_case_worker_does_one_there(
    station: GigStation,
) -> None:
    worker = case_worker("worker", station)
    person = out_of_work(13, registered_at_station=station, name="京山的人")
    out_of_work(13, home_region=region("420881"), name="钟祥的人")
    PlanItem.objects.filter(kind="policy").update(due_on=TODAY - timedelta(days=1))
    client = Client()
    client.force_login(worker)

    page = client.get(reverse("admin:jobs_planitem_changelist"), {"overdue": "yes"})
    assert page.context["cl"].result_count == 1 and "京山的人" in page.content.decode()
    plans = client.get(reverse("admin:jobs_supportplan_changelist")).content.decode()
    assert "京山市新市零工驿站" in plans and "完成率" in plans

    item = plan_of(person).items.get(kind="policy")
    url = reverse("admin:jobs_planitem_change", args=[item.pk])
    late = client.post(url, {"done_on": (TODAY + timedelta(days=1)).isoformat(), "outcome": ""})
    assert late.status_code == 200 and "done_on" in late.context["adminform"].form.errors
    done = client.post(url, {"done_on": TODAY.isoformat(), "outcome": "讲解了就业困难人员社保补贴"})
    assert done.status_code == 302, done.context["adminform"].form.errors
    item.refresh_from_db()
    assert (item.done_on, item.done_by, item.outcome) == (TODAY, worker, "讲解了就业困难人员社保补贴")

    # and a job recommendation offers the engine's proposals to send
    vacancy = VacancyFactory(title="保洁员")
    Match.objects.create(person=person, vacancy=vacancy, score=0.7, person_rank=1, vacancy_rank=1)
    job = plan_of(person).items.filter(kind="job").first()
    url = reverse("admin:jobs_planitem_change", args=[job.pk])  # type: ignore[union-attr]
    assert "保洁员" in client.get(url).content.decode()
    assert client.post(url, {"send": str(vacancy.pk), "outcome": ""}).status_code == 302
    assert (
        Notice.objects.filter(kind=NoticeKind.JOB_RECOMMENDATION, person=person, channel="inbox").count() == 1
    )


def as_token_of(user: Any) -> APIClient:
    from knox.models import AuthToken

    return as_token(AuthToken.objects.create(user)[1])


def test_a_move_from_yellow_to_red_finds_a_case_worker_for_the_plan_already_open(station: GigStation) -> None:
    # given someone yellow while their station had no case worker
    person = out_of_work(4, registered_at_station=station)
    assert plan_of(person).case_worker is None
    worker = case_worker("worker", station)
    # when they turn red
    Person.objects.filter(pk=person.pk).update(status_since=add_months(TODAY, -13))
    support_refresh()
    # then the station's case worker is theirs, and the open plan with them
    assert Support.objects.get(person=person).case_worker == worker and plan_of(person).case_worker == worker
    assert SupportPlan.objects.count() == 1


def test_a_closed_account_closes_its_plan_and_leaves_every_plan_list(station: GigStation) -> None:
    from jobs.services.accounts import seeker_delete

    worker = case_worker("worker", station)
    person = out_of_work(13, registered_at_station=station)
    PlanItem.objects.filter(plan__support__person=person, kind="policy").update(
        due_on=TODAY - timedelta(days=1)
    )
    seeker_delete(person=person)

    plan = SupportPlan.objects.get()
    assert (plan.closed_on, plan.closed_because) == (TODAY, "closed")
    assert plan_digests_write() == 0
    client = Client()
    client.force_login(worker)
    for name in ("jobs_planitem", "jobs_supportplan", "jobs_support"):
        assert client.get(reverse(f"admin:{name}_changelist")).context["cl"].result_count == 0, name
    assert as_token_of(worker).get("/api/v1/staff/plans/completion/").json()["stations"] == []


def test_the_items_of_a_plan_closed_in_work_are_owed_to_nobody(station: GigStation) -> None:
    worker = case_worker("worker", station)
    person = out_of_work(13, registered_at_station=station)
    plan_item_done(item=plan_of(person).items.get(kind="policy"), by=worker)
    PlanItem.objects.update(due_on=TODAY - timedelta(days=1))
    Person.objects.filter(pk=person.pk).update(employment_status="employed", status_since=TODAY)
    support_refresh()
    row = as_token_of(worker).get("/api/v1/staff/plans/completion/").json()["case_workers"][0]
    assert (row["due"], row["done"], row["overdue"], row["rate"]) == (1, 1, 0, 1.0)


def test_staff_empty_the_tier_they_set_and_the_rules_take_over(station: GigStation) -> None:
    worker = case_worker("worker", station)
    person = out_of_work(1)
    support = Support.objects.get(person=person)
    client = Client()
    client.force_login(worker)
    url = reverse("admin:jobs_support_change", args=[support.pk])
    until = (TODAY + timedelta(days=10)).isoformat()
    form = {"override_tier": "red", "override_reason": "家中突发变故", "override_until": until, "case_worker": "",
            "changes-TOTAL_FORMS": 0, "changes-INITIAL_FORMS": 0}  # fmt: skip
    assert client.post(url, form).status_code == 302 and Support.objects.get().tier == "red"
    handed_back = client.post(url, {**form, "override_tier": ""})
    assert handed_back.status_code == 302, handed_back.context["adminform"].form.errors
    support.refresh_from_db()
    assert (support.tier, support.override_tier, support.override_until) == ("blue", "", None)
