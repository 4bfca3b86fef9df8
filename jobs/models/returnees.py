"""Returning migrant workers (接您回家): the campaigns prepared before the holidays people come
home for, sent in a window staff approve, and the call a case worker owes someone who is back."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobs.models.people import Person
from jobs.models.regions import Region
from jobs.models.stations import GigStation


class Holiday(models.TextChoices):
    SPRING_FESTIVAL = "spring_festival", _("Spring Festival")
    MID_AUTUMN = "mid_autumn", _("Mid-Autumn Festival")
    NATIONAL_DAY = "national_day", _("National Day")


class CampaignStatus(models.TextChoices):
    PREPARED = "prepared", _("Prepared, waiting for approval")
    APPROVED = "approved", _("Approved")
    SENDING = "sending", _("Sending")
    DONE = "done", _("Sent")
    CANCELLED = "cancelled", _("Cancelled")


class ReturnCampaign(models.Model):
    """One "接您回家" campaign: for a holiday on its day (computed from the lunar calendar for the
    festivals that follow it), to the migrant workers still away when it is sent, each once.
    Prepared by the daily run; sent only once staff approve its window, and only within it."""

    holiday = models.CharField(_("holiday"), max_length=16, choices=Holiday.choices)
    holiday_on = models.DateField(_("holiday on"))
    # The city whose people away it welcomes home: its own staff approve it. Empty only for a
    # campaign prepared before campaigns had a city, which was for everyone.
    area = models.ForeignKey(
        Region, verbose_name=_("city"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What the notice welcomes people home for: the holiday, or two that fall close together
    # (中秋节、国庆节), which make one homecoming and so one campaign.
    title = models.CharField(_("title"), max_length=40)
    send_from = models.DateField(_("send from"))
    send_until = models.DateField(_("send until"))
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.PREPARED
    )
    prepared_at = models.DateTimeField(_("prepared at"), auto_now_add=True)
    # Those away when it was prepared: what staff approve; the send counts anew.
    expected = models.PositiveIntegerField(_("away when prepared"), default=0)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    # The send's progress: the people to reach, those done so far (told or passed over), and
    # the last person done, from which a send interrupted goes on.
    audience = models.PositiveIntegerField(_("to reach"), null=True, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    told = models.PositiveIntegerField(_("told"), default=0)
    cursor = models.PositiveBigIntegerField(default=0, editable=False)
    started_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("welcome-home campaign")
        verbose_name_plural = _("welcome-home campaigns")
        ordering = ["-holiday_on"]
        permissions = [("approve_campaign", _("May approve or cancel welcome-home campaigns"))]
        constraints = [
            models.UniqueConstraint(fields=["holiday", "holiday_on", "area"], name="campaign_once_per_city"),
            models.CheckConstraint(
                condition=models.Q(holiday__in=Holiday.values), name="campaign_holiday_known"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=CampaignStatus.values), name="campaign_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(send_from__lte=models.F("send_until")), name="campaign_window_in_order"
            ),
        ]

    def __str__(self) -> str:
        where = f"{self.area.name} " if self.area is not None else ""
        return f"{where}{self.get_holiday_display()} {self.holiday_on:%Y}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.send_from and self.send_until and self.send_until < self.send_from:
            errors["send_until"] = _("Send until: must not be before the first day")
        if self.send_until and self.holiday_on and self.send_until > self.holiday_on:
            errors["send_until"] = _("Send until: must not be after the holiday")
        if errors:
            raise ValidationError(errors)

    @property
    def key(self) -> str:
        """What a person is told once for: the holiday on its day, whichever row prepared it."""
        return f"welcome_home:{self.holiday}:{self.holiday_on.isoformat()}"


class ReturneeCall(models.Model):
    """The call a case worker owes someone back from working away: due some days after the
    return (a rule), once per return."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="returnee_calls"
    )
    returned_on = models.DateField(_("returned on"))
    due_on = models.DateField(_("call due by"))
    station = models.ForeignKey(
        GigStation, verbose_name=_("gig station"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    # None: the station has no case worker for the person's home; staff see it and assign one.
    case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("case worker"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="returnee_calls",
    )  # fmt: skip
    done_on = models.DateField(_("called on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("called by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("returnee call")
        verbose_name_plural = _("returnee calls")
        ordering = ["done_on", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "returned_on"], name="returnee_call_once_per_return"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.returned_on:%Y-%m-%d}"
