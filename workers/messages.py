"""What each kind of notice says, to whom and over which channels: the services that write them.

Texts are Chinese templates in ``workers/templates/notices/<kind>.txt`` (first line the title,
the rest the body), rendered in Chinese whatever language a request was in. A person is written
to in the in-app inbox always, and by SMS, WeChat and email where they chose it and we have the
address; an employer in its inbox and by SMS to its contact; a staff member in the inbox and by
email. Each notice's key names the logical event, so that writing it again writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from itertools import islice
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation

from jobs.models import (
    Employer,
    HardToEmployProfile,
    MigrantRecord,
    Person,
    PhoneChange,
    TrainingCourse,
    Vacancy,
)
from jobs.models.demand import VacancyStatus
from jobs.models.hardship import HardshipCategory, WarningTier
from matching.models import Match, MatchEvent, MatchStatus
from matching.selectors import best_open_matches, missing_skills
from workers.models import Channel, Notice, NoticeKind
from workers.outbox import Draft, notice_write, notices_write

DIGEST_SIZE = 3  # matches in one digest: enough to choose from, short enough for one SMS
CHUNK = 1000  # people or vacancies a transaction


def render(kind: str, **context: Any) -> tuple[str, str]:
    """The title and body of a notice of this kind."""
    with translation.override("zh-hans"):
        template = get_template(f"notices/{kind}.txt").template  # type: ignore[attr-defined]
        text = template.render(Context(context, autoescape=False)).strip()
    title, _, body = text.partition("\n")
    return title.strip()[:100], body.strip()


def person_channels(person: Person) -> list[Channel]:
    channels = [Channel.INBOX]
    if person.notify_sms and person.phone:
        channels.append(Channel.SMS)
    if person.notify_wechat and person.wechat_openid:
        channels.append(Channel.WECHAT)
    if person.notify_email and person.email:
        channels.append(Channel.EMAIL)
    return channels


def _drafts(
    channels: list[Channel],
    kind: str,
    key: str,
    title: str,
    body: str,
    region_id: str | None,
    payload: dict[str, Any],
    **recipient: int,
) -> list[Draft]:
    """One notice per channel, each under the logical key with its channel appended."""
    return [
        Draft(key=f"{key}:{c}", kind=kind, channel=c, title=title, body=body, region_id=region_id,
              payload=payload, **recipient)
        for c in channels
    ]  # fmt: skip


def _to_person(person: Person, kind: str, key: str, title: str, body: str, **payload: Any) -> list[Draft]:
    return _drafts(person_channels(person), kind, key, title, body, person.home_region_id, payload,
                   person_id=person.pk)  # fmt: skip


def _to_employer(
    employer: Employer, kind: str, key: str, title: str, body: str, **payload: Any
) -> list[Draft]:
    channels = [Channel.INBOX] + ([Channel.SMS] if employer.contact_phone else [])
    return _drafts(channels, kind, key, title, body, employer.region_id, payload, employer_id=employer.pk)


def _to_staff(
    user: Any, region_id: str, kind: str, key: str, title: str, body: str, **payload: Any
) -> list[Draft]:
    channels = [Channel.INBOX] + ([Channel.EMAIL] if user.email else [])
    return _drafts(channels, kind, key, title, body, region_id, payload, user_id=user.pk)


def _wage(vacancy: Vacancy) -> str:
    with translation.override("zh-hans"):
        return f"{vacancy.wage_min}–{vacancy.wage_max}元（{vacancy.get_wage_unit_display()}）"


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    it = iter(ids)
    while chunk := list(islice(it, CHUNK)):
        yield chunk


# --- New job matches: one digest a person a day ---------------------------------------------


def job_match_digests_write(*, person_ids: Iterable[int] | None = None, today: date | None = None) -> int:
    """Tell each person (all, or those given) about their best matches they have not been told
    of: one digest a day of up to ``DIGEST_SIZE`` matches, best first. The matches told are
    marked "notified" in the same transaction, so the next digest brings only newer ones; a
    person who had today's digest already waits for tomorrow's. Returns the digests written."""
    today = today or timezone.localdate()
    untold = Match.objects.filter(
        status=MatchStatus.PROPOSED, person_rank__isnull=False, vacancy__status=VacancyStatus.OPEN,
        person__consent_matching=True,
    )  # fmt: skip
    if person_ids is not None:
        untold = untold.filter(person_id__in=list(person_ids))
    people = untold.order_by("person_id").values_list("person_id", flat=True).distinct()
    return sum(_digests_for(chunk, untold, today) for chunk in _chunks(people.iterator()))


@transaction.atomic
def _digests_for(person_ids: list[int], untold: QuerySet[Match], today: date) -> int:
    base = {pid: f"job_match:{pid}:{today.isoformat()}" for pid in person_ids}
    had = set(Notice.objects.filter(key__in=[f"{k}:{Channel.INBOX}" for k in base.values()]).values_list(
        "person_id", flat=True))  # fmt: skip
    best: dict[int, list[Match]] = {}
    for match in (
        untold.filter(person_id__in=[p for p in person_ids if p not in had])
        .select_related("vacancy", "vacancy__employer")
        .order_by("person_id", "person_rank")
    ):
        chosen = best.setdefault(match.person_id, [])
        if len(chosen) < DIGEST_SIZE:
            chosen.append(match)
    drafts: list[Draft] = []
    for person in Person.objects.filter(pk__in=best):
        matches = [
            {"title": m.vacancy.title, "employer": m.vacancy.employer.name, "wage": _wage(m.vacancy),
             "distance": _km(m.explanation.get("distance_km"))}
            for m in best[person.pk]
        ]  # fmt: skip
        title, body = render(NoticeKind.JOB_MATCH, matches=matches)
        drafts += _to_person(person, NoticeKind.JOB_MATCH, base[person.pk], title, body,
                             matches=[m.pk for m in best[person.pk]])  # fmt: skip
    notices_write(drafts)
    told = [m for chosen in best.values() for m in chosen]
    now = timezone.now()
    Match.objects.filter(pk__in=[m.pk for m in told], status=MatchStatus.PROPOSED).update(
        status=MatchStatus.NOTIFIED, status_changed_at=now, updated_at=now
    )
    MatchEvent.objects.bulk_create(
        [MatchEvent(match=m, status=MatchStatus.NOTIFIED, by="system") for m in told]
    )
    return len(best)


def _km(distance: float | None) -> int | None:
    return None if distance is None else max(round(distance), 1)


# --- Candidate suggestions: one a vacancy a day ----------------------------------------------


def candidate_digests_write(*, vacancy_ids: Iterable[int] | None = None, today: date | None = None) -> int:
    """Tell each employer how many suitable people joined the candidate list of each open
    vacancy (all, or those given) since it was last told: one notice a vacancy a day, without
    names or contact details, which the employer sees only once a candidate applies or accepts
    an invitation. Returns the vacancies told about."""
    today = today or timezone.localdate()
    vacancies = Vacancy.objects.filter(status=VacancyStatus.OPEN)
    if vacancy_ids is not None:
        vacancies = vacancies.filter(pk__in=list(vacancy_ids))
    written = 0
    for chunk in _chunks(vacancies.order_by("pk").values_list("pk", flat=True).iterator()):
        told = dict(
            Notice.objects.filter(
                kind=NoticeKind.CANDIDATES, channel=Channel.INBOX, payload__vacancy__in=chunk
            )
            .values_list("payload__vacancy")
            .annotate(last=Max("created_at"))
        )
        fresh: dict[int, list[Match]] = {}
        listed = Match.objects.filter(vacancy_id__in=chunk, vacancy_rank__isnull=False).exclude(
            status=MatchStatus.DECLINED
        )
        for match in listed.order_by("vacancy_id", "vacancy_rank"):
            if match.vacancy_id not in told or match.created_at > told[match.vacancy_id]:
                fresh.setdefault(match.vacancy_id, []).append(match)
        drafts: list[Draft] = []
        for vacancy in Vacancy.objects.filter(pk__in=fresh).select_related("employer"):
            matches = fresh[vacancy.pk]
            skills = (matches[0].explanation.get("shared_skills") or [])[:2]
            title, body = render(NoticeKind.CANDIDATES, title=vacancy.title, count=len(matches),
                                 best_skills="、".join(skills))  # fmt: skip
            drafts += _to_employer(vacancy.employer, NoticeKind.CANDIDATES,
                                   f"candidates:{vacancy.pk}:{today.isoformat()}", title, body,
                                   vacancy=vacancy.pk, count=len(matches))  # fmt: skip
        with transaction.atomic():
            notices_write(drafts)
        written += len(fresh)
    return written


def new_matches_tell(*, person_ids: Iterable[int] = (), vacancy_ids: Iterable[int] = ()) -> dict[str, int]:
    """After people or vacancies were re-scored: the digests of the people whose lists took
    something new, and the candidate notices of the vacancies whose lists did (each at most once
    a day, so that editing a vacancy five times does not send five messages)."""
    people, vacancies = set(person_ids), set(vacancy_ids)
    people |= set(
        Match.objects.filter(
            vacancy_id__in=vacancies, status=MatchStatus.PROPOSED, person_rank__isnull=False
        ).values_list("person_id", flat=True)
    )
    vacancies |= set(
        Match.objects.filter(person_id__in=set(person_ids), vacancy_rank__isnull=False).values_list(
            "vacancy_id", flat=True
        )
    )
    return {
        "digests": job_match_digests_write(person_ids=people),
        "candidates": candidate_digests_write(vacancy_ids=vacancies),
    }


# --- Applications, interviews, hires and refusals ---------------------------------------------

TOLD = {MatchStatus.APPLIED, MatchStatus.INTERVIEWED, MatchStatus.HIRED, MatchStatus.DECLINED}


def application_update_write(*, match: Match, by: str) -> None:
    """Tell the other side (both, when staff made the change) that a match moved on; on a hire,
    also what the hire entitles each side to and, for someone insured elsewhere, how to move
    their social insurance."""
    if match.status not in TOLD:
        return
    vacancy = Vacancy.objects.select_related("employer", "region").get(pk=match.vacancy_id)
    person = Person.objects.select_related("home_region").get(pk=match.person_id)
    key = f"application:{match.pk}:{match.status}"
    context = {"status": match.status, "title": vacancy.title, "employer": vacancy.employer.name}
    drafts: list[Draft] = []
    if by != "person":
        title, body = render(NoticeKind.APPLICATION, to="person", **context)
        drafts += _to_person(person, NoticeKind.APPLICATION, f"{key}:person", title, body, match=match.pk)
    if by != "employer":
        title, body = render(NoticeKind.APPLICATION, to="employer", **context)
        drafts += _to_employer(vacancy.employer, NoticeKind.APPLICATION, f"{key}:employer", title, body,
                               match=match.pk)  # fmt: skip
    notices_write(drafts)
    if match.status == MatchStatus.HIRED:
        subsidies_on_hire_write(match=match, person=person, vacancy=vacancy)
        current = MigrantRecord.objects.filter(person=person, is_current=True).select_related(
            "insurance_region"
        )
        record = current.first()
        if record is not None and record.insurance_region is not None:
            insurance_transfer_write(person=person, insured_in=record.insurance_region, moving_to=vacancy.region,
                                     reason="您已在新单位就业，", key=f"insurance_transfer:hire:{match.pk}")  # fmt: skip


def invitation_write(*, match: Match) -> None:
    """Tell a person that an employer invites them to apply."""
    vacancy = Vacancy.objects.select_related("employer").get(pk=match.vacancy_id)
    person = Person.objects.get(pk=match.person_id)
    title, body = render(NoticeKind.APPLICATION, to="person", status="invited", title=vacancy.title,
                         employer=vacancy.employer.name)  # fmt: skip
    notices_write(
        _to_person(person, NoticeKind.APPLICATION, f"invitation:{match.pk}", title, body, match=match.pk)
    )


# --- Social-insurance transfer (社保转移接续) -------------------------------------------------


def _city(code: str) -> str:
    return code[:4]


def insurance_transfer_write(
    *, person: Person, insured_in: Any, moving_to: Any, reason: str, key: str
) -> bool:
    """Guide a person whose insurance is paid in another city than where they now live or work
    through moving it; nothing when both are the same city. Returns whether it was written."""
    if moving_to is None or _city(insured_in.code) == _city(moving_to.code):
        return False
    title, body = render(NoticeKind.INSURANCE_TRANSFER, from_region=insured_in.full_name,
                         to_region=moving_to.full_name, reason=reason)  # fmt: skip
    return notices_write(_to_person(person, NoticeKind.INSURANCE_TRANSFER, key, title, body)) > 0


def returnee_insurance_write(*, record: MigrantRecord) -> bool:
    """A migrant worker recorded as home again, insured where they worked: how to move it."""
    if record.returned_on is None or record.insurance_region is None:
        return False
    person = Person.objects.select_related("home_region").get(pk=record.person_id)
    return insurance_transfer_write(
        person=person, insured_in=record.insurance_region, moving_to=person.home_region,
        reason="欢迎返乡！", key=f"insurance_transfer:return:{person.pk}:{record.returned_on.isoformat()}",
    )  # fmt: skip


# --- Subsidies a hire makes someone eligible for (政策找人) ----------------------------------

# From the local policies: hiring someone in the hard-to-employ registry earns the employer a
# social-insurance subsidy and the person a flexible-employment one; an unemployed graduate
# hired gets a one-off employment subsidy, and the employer a one-off job-expansion grant.
PERSON_SUBSIDIES = {
    "any": "就业困难人员社会保险补贴",
    HardshipCategory.UNEMPLOYED_GRADUATE: "高校毕业生一次性就业补贴",
}
EMPLOYER_SUBSIDIES = {
    "any": "吸纳就业困难人员社会保险补贴",
    HardshipCategory.UNEMPLOYED_GRADUATE: "一次性扩岗补助",
}


def subsidies_on_hire_write(*, match: Match, person: Person, vacancy: Vacancy) -> int:
    """On a hire of someone in the hard-to-employ registry: tell both sides which subsidies they
    may claim. Returns the notices written."""
    profile = HardToEmployProfile.objects.filter(person=person, exited_on__isnull=True).first()
    if profile is None:
        return 0
    categories = set(profile.categories.values_list("category", flat=True))
    chosen = ["any"] + [c for c in (HardshipCategory.UNEMPLOYED_GRADUATE,) if c in categories]
    key = f"subsidy:hire:{match.pk}"
    title, body = render(NoticeKind.SUBSIDY, to="person", subsidies=[PERSON_SUBSIDIES[c] for c in chosen])
    drafts = _to_person(person, NoticeKind.SUBSIDY, f"{key}:person", title, body, match=match.pk)
    title, body = render(NoticeKind.SUBSIDY, to="employer", name=person.name, title=vacancy.title,
                         subsidies=[EMPLOYER_SUBSIDIES[c] for c in chosen])  # fmt: skip
    drafts += _to_employer(
        vacancy.employer, NoticeKind.SUBSIDY, f"{key}:employer", title, body, match=match.pk
    )
    return notices_write(drafts)


# --- Warning tiers, to the case worker --------------------------------------------------------

TIER_ORDER = [WarningTier.NONE, WarningTier.BLUE, WarningTier.YELLOW, WarningTier.RED]


def warning_tier_change_write(*, profile: HardToEmployProfile, old_tier: str) -> bool:
    """Tell the case worker that a person's tier changed, and what a raised tier asks of them.
    Nothing without a case worker or a change. Returns whether it was written."""
    if profile.case_worker is None or profile.tier == old_tier:
        return False
    person = Person.objects.select_related("home_region").get(pk=profile.person_id)
    with translation.override("zh-hans"):
        old_label, new_label = str(WarningTier(old_tier).label), str(WarningTier(profile.tier).label)
    title, body = render(
        NoticeKind.WARNING_TIER, name=person.name, region=person.home_region.full_name, old_tier=old_label,
        tier=new_label, reasons=profile.tier_reasons,
        tier_is_raised=TIER_ORDER.index(WarningTier(profile.tier)) > TIER_ORDER.index(WarningTier(old_tier)),
    )  # fmt: skip
    changed = (profile.tier_updated_at or timezone.now()).isoformat()
    key = f"warning_tier:{profile.pk}:{profile.tier}:{changed}"
    drafts = _to_staff(profile.case_worker, person.home_region_id, NoticeKind.WARNING_TIER, key, title, body,
                       person=person.pk, tier=profile.tier)  # fmt: skip
    return notices_write(drafts) > 0


# --- Training offers from the skills people's best matches ask for ---------------------------

TRAINING_HORIZON = timedelta(days=60)  # courses starting within this time are offered


def training_offers_write(*, person_ids: Sequence[int] | None = None, today: date | None = None) -> int:
    """Offer each person looking for work (all, or those given) the course, starting soon in
    their city, that teaches most of the skills their best matches ask for and they lack; a
    course is offered to a person once. Returns the offers written."""
    today = today or timezone.localdate()
    courses = list(
        TrainingCourse.objects.filter(starts_on__gte=today, starts_on__lte=today + TRAINING_HORIZON)
        .select_related("region")
        .prefetch_related("skills")
        .order_by("starts_on", "pk")
    )
    if not courses:
        return 0
    teaching = [(course, {s.name for s in course.skills.all()}) for course in courses]
    gaps = best_open_matches()
    if person_ids is not None:
        gaps = gaps.filter(person_id__in=list(person_ids))
    people = gaps.order_by("person_id").values_list("person_id", flat=True).distinct()
    written = 0
    for chunk in _chunks(people.iterator()):
        missing = missing_skills(person_ids=chunk)
        drafts: list[Draft] = []
        for person in Person.objects.filter(pk__in=missing, is_seeking=True):
            near = [
                (c, s & missing[person.pk])
                for c, s in teaching
                if _city(c.region_id) == _city(person.home_region_id)
            ]
            near = [(c, s) for c, s in near if s]
            if not near:
                continue
            course, skills = max(
                near, key=lambda cs: len(cs[1])
            )  # the earliest of the best: max keeps the first
            title, body = render(
                NoticeKind.TRAINING, course=course.name, provider=course.provider,
                starts_on=f"{course.starts_on.month}月{course.starts_on.day}日", hours=course.hours,
                place=course.address or course.region.name, skills="、".join(sorted(skills)),
                free=course.subsidy_yuan >= course.fee_yuan, subsidy=course.subsidy_yuan,
            )  # fmt: skip
            drafts += _to_person(person, NoticeKind.TRAINING, f"training:{person.pk}:{course.pk}", title, body,
                                 course=course.pk)  # fmt: skip
        with transaction.atomic():
            written += notices_write(drafts)
    return written


# --- A phone changed, to the person on the old phone and in the inbox --------------------------


def phone_change_write(*, change: PhoneChange, old_phone: str) -> int:
    """Tell a person with an account that one of their phones changed: in the inbox, and by SMS
    to the old number (held on the notice, so that it goes there and not to the new one). Sent
    whatever their notice choices, at once: it may be the only sign that someone else did it.
    Returns the notices written."""
    person = change.person
    when = timezone.localtime(change.at).strftime("%Y-%m-%d %H:%M")
    title, body = render(NoticeKind.PHONE_CHANGED, which=change.which, new=change.new_phone, when=when)
    key = f"phone_changed:{change.pk}"
    written = 0
    for channel, to in ((Channel.INBOX, ""), (Channel.SMS, old_phone)):
        if channel == Channel.SMS and not to:
            continue
        notice = notice_write(key=f"{key}:{channel}", kind=NoticeKind.PHONE_CHANGED, channel=channel, title=title,
                              body=body, person=person, region_id=person.home_region_id, to=to)  # fmt: skip
        written += notice is not None
    return written
