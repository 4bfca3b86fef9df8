"""The notice outbox: one row per message to one recipient over one channel.

A row is written in the same transaction as the event that caused it, so a notice exists exactly
when its event does; its ``key`` (unique) makes writing it twice impossible. Delivery claims the
row before sending and marks it after; the rows, not broker acknowledgements, are what make each
notice go out once.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobs.fields import EncryptedTextField
from jobs.models import Employer, Person, Region


class NoticeKind(models.TextChoices):
    JOB_MATCH = "job_match", _("New job matches")
    CANDIDATES = "candidates", _("Candidate suggestions")
    TRAINING = "training", _("Training offer")
    INSURANCE_TRANSFER = "insurance_transfer", _("Social-insurance transfer guidance")
    SUBSIDY = "subsidy", _("Subsidy eligibility")
    WARNING_TIER = "warning_tier", _("Warning tier change")
    APPLICATION = "application", _("Application or invitation update")
    PHONE_CHANGED = "phone_changed", _("Phone number changed")
    JOB_RECOMMENDATION = "job_recommendation", _("Job recommended by a case worker")
    PLAN_DIGEST = "plan_digest", _("Case worker's list of 1131 items due")
    RETURNEE_OFFERS = "returnee_offers", _("Local jobs and training ahead of a return home")
    WELCOME_HOME = "welcome_home", _("Welcome-home campaign")


class Channel(models.TextChoices):
    INBOX = "inbox", _("In-app inbox")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")
    WECHAT = "wechat", _("WeChat")


class NoticeStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    WITHDRAWN = "withdrawn", _("Withdrawn (opted out)")


class Notice(models.Model):
    """One message. ``attempts`` counts claims; ``lease_until`` is when a claim that was never
    marked (the worker died mid-send) may be taken again."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
    )
    # Where the recipient belongs, so that staff see the notices of their own area.
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("notice kind"), max_length=24, choices=NoticeKind.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    key = models.CharField(_("de-duplication key"), max_length=200, unique=True)
    # Where it goes when that is not the recipient's address of now: the old number of a phone
    # change is told on that number, whatever is on file by the time it is sent.
    to = EncryptedTextField(_("sent to"), blank=True, editable=False)
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("body"))
    payload = models.JSONField(_("data"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    lease_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    # The delivery run that holds the row: it marks only rows still holding its own token.
    claim = models.CharField(max_length=32, blank=True, editable=False)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["person", "channel", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(person__isnull=False, user__isnull=True, employer__isnull=True)
                    | models.Q(person__isnull=True, user__isnull=False, employer__isnull=True)
                    | models.Q(person__isnull=True, user__isnull=True, employer__isnull=False)
                ),
                name="notice_has_one_recipient",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=NoticeStatus.values), name="notice_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values), name="notice_channel_known"
            ),
            models.CheckConstraint(condition=models.Q(kind__in=NoticeKind.values), name="notice_kind_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.person or self.employer or self.user} ({self.channel})"
