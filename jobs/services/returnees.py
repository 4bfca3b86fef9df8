"""Returning migrant workers (接您回家): offers ahead of an expected return, a campaign before
each holiday they come home for, and the case worker's call once they are back."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobs.models import MigrantRecord, Person
from jobs.models.returnees import CampaignStatus, Holiday, ReturnCampaign, ReturneeCall
from jobs.notices.returnees import returnee_offers_write, welcome_home_write
from jobs.selectors.migrants import home_cities_of_people_away, people_away
from jobs.selectors.staff import case_workers
from jobs.selectors.support import support_rules
from jobs.services.festivals import festivals_within
from jobs.services.plans import case_worker_for, station_of
from workers.celery_app import app

log = logging.getLogger(__name__)

# A return recorded this long after it happened still gets its call; an older one is history.
RECENT_RETURN_DAYS = 30
# Two holidays this close make one homecoming (中秋 and 国庆 often fall within a week).
ONE_HOMECOMING_DAYS = 14
SEND_CHUNK = 500  # people a transaction: a send interrupted goes on from the last one done


# --- offers ahead of a return ----------------------------------------------------------------


def returnee_offers_due(*, today: date) -> int:
    """Offer local jobs and training to those expected home within the rules' days."""
    horizon = today + timedelta(days=support_rules().returnee_offer_days)
    # One record: the current one, still away and due (an old row keeps the date it was edited from).
    due = MigrantRecord.objects.filter(
        is_current=True, returned_on__isnull=True, expected_return_on__range=(today, horizon),
        person__closed_at__isnull=True,
    )  # fmt: skip
    ids = list(due.order_by("person_id").values_list("person_id", flat=True))
    return sum(
        returnee_offers_write(person_ids=ids[i : i + SEND_CHUNK], today=today)
        for i in range(0, len(ids), SEND_CHUNK)
    )


# --- campaigns --------------------------------------------------------------------------------


def campaigns_prepare(*, today: date) -> list[ReturnCampaign]:
    """Prepare, for each city people away come from, the campaign of each homecoming whose
    holiday is within the rules' days, with a send window proposed from the rules for that
    city's staff to approve; once per homecoming and city, however often this runs. Holidays
    falling close together make one campaign."""
    rules = support_rules()
    ahead = rules.campaign_prepare_days
    found = festivals_within(today, ahead + ONE_HOMECOMING_DAYS)
    groups: list[list[tuple[str, date]]] = []
    for key, day in found:
        if groups and (day - groups[-1][0][1]).days <= ONE_HOMECOMING_DAYS:
            groups[-1].append((key, day))
        else:
            groups.append([(key, day)])
    groups = [g for g in groups if (g[0][1] - today).days <= ahead]
    cities = home_cities_of_people_away() if groups else []
    prepared = []
    for group in groups:
        key, day = group[0]
        near = (day - timedelta(days=ONE_HOMECOMING_DAYS), day + timedelta(days=ONE_HOMECOMING_DAYS))
        send_until = max(today, day - timedelta(days=rules.campaign_send_until_days))
        send_from = min(send_until, max(today, day - timedelta(days=rules.campaign_send_from_days)))
        with translation.override("zh-hans"):  # the title is told, in Chinese, whoever prepares it
            title = "、".join(str(Holiday(k).label) for k, _d in group)
        for city in cities:
            # A campaign from before campaigns had a city was for everyone.
            if ReturnCampaign.objects.filter(
                Q(area=city) | Q(area__isnull=True), holiday_on__range=near
            ).exists():
                continue
            try:
                with transaction.atomic():  # a run at the same moment may prepare it first
                    campaign = ReturnCampaign.objects.create(
                        holiday=key, holiday_on=day, area=city, title=title, send_from=send_from,
                        send_until=send_until, expected=people_away(area=city).count(),
                    )  # fmt: skip
            except IntegrityError:
                continue
            prepared.append(campaign)
    return prepared


def campaign_window_check(campaign: ReturnCampaign, today: date) -> None:
    """Whether a prepared campaign may have this window: not begun before today, within the holiday."""
    _prepared(campaign)
    if campaign.send_from < today:
        raise ValidationError({"send_from": _("Send from: must not be in the past")})
    campaign.full_clean()


def _prepared(campaign: ReturnCampaign) -> None:
    if campaign.status != CampaignStatus.PREPARED:
        raise ValidationError(
            {"status": _("Status: only a prepared campaign is approved or has its window changed")}
        )


@transaction.atomic
def campaign_window_set(
    *, campaign: ReturnCampaign, send_from: date, send_until: date, today: date
) -> ReturnCampaign:
    """Staff change the window a prepared campaign is to be sent in (approving is a step of its own)."""
    campaign = ReturnCampaign.objects.select_for_update().get(pk=campaign.pk)
    campaign.send_from, campaign.send_until = send_from, send_until
    campaign_window_check(campaign, today)
    campaign.save(update_fields=["send_from", "send_until"])
    return campaign


@transaction.atomic
def campaign_approve(*, campaign: ReturnCampaign, by: Any, today: date) -> ReturnCampaign:
    """Staff approve a prepared campaign in its window; sending starts at once when the window
    is open, else on its first day."""
    campaign = ReturnCampaign.objects.select_for_update().get(pk=campaign.pk)
    _prepared(campaign)
    if today > campaign.send_until:  # a window begun already is fine: it is sent at once
        raise ValidationError({"send_until": _("Send until: the window has passed; set a new one")})
    campaign.status, campaign.approved_by, campaign.approved_at = CampaignStatus.APPROVED, by, timezone.now()
    campaign.save(update_fields=["status", "approved_by", "approved_at"])
    if campaign.send_from <= today:
        transaction.on_commit(lambda: _send_task(campaign.pk))
    return campaign


@transaction.atomic
def campaign_cancel(*, campaign: ReturnCampaign) -> ReturnCampaign:
    """Stop a campaign not yet done; those told already stay told (and are never told again)."""
    campaign = ReturnCampaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status in (CampaignStatus.DONE, CampaignStatus.CANCELLED):
        raise ValidationError({"status": _("Status: this campaign has ended")})
    campaign.status, campaign.finished_at = CampaignStatus.CANCELLED, timezone.now()
    campaign.save(update_fields=["status", "finished_at"])
    return campaign


def campaign_send(*, campaign_id: int, today: date) -> ReturnCampaign:
    """Send an approved campaign, within its window, to those away, a chunk a transaction:
    progress is kept as it goes, and a send interrupted (or run twice at once) goes on from
    the last person done. Past its window a send still unfinished (or never begun) ends where
    it stands."""
    with transaction.atomic():
        campaign = ReturnCampaign.objects.select_for_update().get(pk=campaign_id)
        if (
            campaign.status in (CampaignStatus.APPROVED, CampaignStatus.SENDING)
            and today > campaign.send_until
        ):
            campaign.status, campaign.finished_at = CampaignStatus.DONE, timezone.now()
            campaign.save(update_fields=["status", "finished_at"])
            return campaign
        if campaign.status not in (CampaignStatus.APPROVED, CampaignStatus.SENDING) or not (
            campaign.send_from <= today <= campaign.send_until
        ):
            return campaign
        if campaign.status == CampaignStatus.APPROVED:
            campaign.status, campaign.started_at = CampaignStatus.SENDING, timezone.now()
            campaign.audience = people_away(area=campaign.area).count()
            campaign.save(update_fields=["status", "started_at", "audience"])
    while True:
        with transaction.atomic():
            campaign = ReturnCampaign.objects.select_for_update().get(pk=campaign_id)
            if campaign.status != CampaignStatus.SENDING:  # cancelled meanwhile
                return campaign
            ids = list(
                people_away(area=campaign.area)
                .filter(pk__gt=campaign.cursor)
                .order_by("pk")
                .values_list("pk", flat=True)[:SEND_CHUNK]
            )
            if not ids:
                campaign.status, campaign.finished_at = CampaignStatus.DONE, timezone.now()
                campaign.audience = campaign.done  # some came home while it was sent
                campaign.save(update_fields=["status", "finished_at", "audience"])
                return campaign
            campaign.told += welcome_home_write(campaign=campaign, person_ids=ids, today=today)
            campaign.done += len(ids)
            campaign.cursor = ids[-1]
            campaign.save(update_fields=["told", "done", "cursor"])


def _send_task(campaign_id: int) -> None:
    try:
        app.send_task("returnees.send", kwargs={"campaign_id": campaign_id})
    except Exception:  # the broker's own errors vary; the daily run sends approved campaigns anyway
        log.warning("could not queue campaign %s; the daily run sends it", campaign_id, exc_info=True)


@dataclass(frozen=True)
class ReturneesRun:
    offered: int
    prepared: int
    sending: int


def returnees_daily(*, today: date | None = None) -> ReturneesRun:
    """The daily run: offers to those expected home soon, campaigns prepared for the coming
    holidays, and the approved campaigns whose window is open sent on."""
    today = today or timezone.localdate()
    offered = returnee_offers_due(today=today)
    prepared = campaigns_prepare(today=today)
    live = ReturnCampaign.objects.filter(status__in=[CampaignStatus.APPROVED, CampaignStatus.SENDING])
    sending = [campaign_send(campaign_id=pk, today=today) for pk in live.values_list("pk", flat=True)]
    return ReturneesRun(offered=offered, prepared=len(prepared), sending=len(sending))


# --- the call once back -----------------------------------------------------------------------


def returnee_call_plan(*, record: MigrantRecord) -> ReturneeCall | None:
    """Someone recorded as back: the call their case worker owes them, due within the rules'
    days, once per return."""
    if record.returned_on is None or record.returned_on < timezone.localdate() - timedelta(
        days=RECENT_RETURN_DAYS
    ):
        return None  # an old return entered now (an import of the history) is owed no call
    found = ReturneeCall.objects.filter(person_id=record.person_id, returned_on=record.returned_on).first()
    if found is not None:
        return found
    due_on = record.returned_on + timedelta(days=support_rules().returnee_call_days)
    # A return date corrected within the same spell moves the call still owed, not a second one.
    owed = ReturneeCall.objects.filter(person_id=record.person_id, done_on__isnull=True,
                                       returned_on__gte=record.started_on).exclude(returned_on=record.returned_on)  # fmt: skip
    if owed.update(returned_on=record.returned_on, due_on=due_on):
        return ReturneeCall.objects.get(person_id=record.person_id, returned_on=record.returned_on)
    person = Person.objects.get(pk=record.person_id)
    call, _created = ReturneeCall.objects.get_or_create(  # a save at the same moment planned it too
        person=person, returned_on=record.returned_on,
        defaults={"station": station_of(person), "case_worker": case_worker_for(person), "due_on": due_on},
    )  # fmt: skip
    return call


@transaction.atomic
def returnee_call_done(
    *, call: ReturneeCall, done_on: date, outcome: str, by: Any, today: date
) -> ReturneeCall:
    """A case worker records the call made: on a day from the return to today, with what came of it."""
    call = ReturneeCall.objects.select_for_update().get(pk=call.pk)
    returnee_call_check(call=call, done_on=done_on, outcome=outcome, today=today)
    call.done_on, call.outcome, call.done_by = done_on, outcome.strip(), by
    call.full_clean()
    call.save()
    return call


@transaction.atomic
def returnee_call_assign(*, call: ReturneeCall, case_worker: Any) -> ReturneeCall:
    """Staff give a call not yet made to a case worker (of the call's station, when it has one)."""
    if (
        case_worker is not None
        and not case_workers(station_id=call.station_id).filter(pk=case_worker.pk).exists()
    ):
        raise ValidationError({"case_worker": _("Case worker: an active case worker of the station")})
    ReturneeCall.objects.filter(pk=call.pk, done_on__isnull=True).update(case_worker=case_worker)
    return ReturneeCall.objects.get(pk=call.pk)


def returnee_call_check(*, call: ReturneeCall, done_on: date, outcome: str, today: date) -> None:
    """Whether a call may be recorded so (the admin form asks too, to show the error on it)."""
    if call.done_on is not None:
        raise ValidationError({"done_on": _("Called on: this call is recorded already")})
    if not call.returned_on <= done_on <= today:
        raise ValidationError({"done_on": _("Called on: from the day of the return to today")})
    if not outcome.strip():
        raise ValidationError({"outcome": _("Outcome: say what came of the call")})
