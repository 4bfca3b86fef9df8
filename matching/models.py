from django.db import models
from django.utils.translation import gettext_lazy as _

from jobs.models import Person, Vacancy


class MatchStatus(models.TextChoices):
    """How far a match went. Outcomes later in this list are what a learned ranker trains on."""

    PROPOSED = "proposed", _("Proposed")
    NOTIFIED = "notified", _("Notified")
    VIEWED = "viewed", _("Viewed")
    INTERESTED = "interested", _("Interested")
    APPLIED = "applied", _("Applied")
    INTERVIEWED = "interviewed", _("Interviewed")
    HIRED = "hired", _("Hired")
    DECLINED = "declined", _("Declined")


class Match(models.Model):
    """A person and a vacancy that the engine put on one of each other's lists.

    ``person_rank`` and ``vacancy_rank`` are the places on the person's and the vacancy's lists
    (null when off that list); ``vacancy_rank`` follows the score except where ``shown_first``. A match that has gone past "proposed" is kept when it drops off
    both lists: it is history.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="matches"
    )
    vacancy = models.ForeignKey(
        Vacancy, verbose_name=_("vacancy"), on_delete=models.CASCADE, related_name="matches"
    )
    score = models.FloatField(_("score"))
    person_rank = models.PositiveSmallIntegerField(_("rank for the person"), null=True, blank=True)
    vacancy_rank = models.PositiveSmallIntegerField(_("rank for the vacancy"), null=True, blank=True)
    explanation = models.JSONField(_("explanation"), default=dict)
    # Placed higher on the vacancy's list than its score would put it, because the person is
    # followed for help (red or yellow); the score is the engine's. Staff see it, employers never.
    shown_first = models.BooleanField(_("shown first for support"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    status_changed_at = models.DateTimeField(_("status changed at"), auto_now_add=True)
    # When the employer invited the person to apply (they see the person's contact only once
    # the person accepts, by applying).
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["person", "person_rank"]
        indexes = [
            models.Index(fields=["person", "person_rank"]),
            models.Index(fields=["vacancy", "vacancy_rank"]),
            models.Index(fields=["status", "status_changed_at"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["person", "vacancy"], name="match_once_per_pair"),
            models.CheckConstraint(
                condition=models.Q(status__in=MatchStatus.values), name="match_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=1), name="match_score_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.vacancy.title} ({self.score:.0%})"


class MatchEvent(models.Model):
    """Every status change of a match, with who made it: the training data of a ranker and the
    audit trail of who contacted whom."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=12, choices=MatchStatus.choices)
    by = models.CharField(_("by"), max_length=16)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("match event")
        verbose_name_plural = _("match events")
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.match_id}: {self.status}"


class RescoreRun(models.Model):
    """One full re-scoring of the registries, fanned out in shards of people by region: how far
    it has got, for staff to follow in the admin."""

    class Status(models.TextChoices):
        RANKING = "ranking", _("Ranking")
        STORING = "storing", _("Storing matches")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.RANKING)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    people = models.PositiveIntegerField(_("people"), default=0)
    vacancies = models.PositiveIntegerField(_("vacancies"), default=0)
    shards_total = models.PositiveSmallIntegerField(_("shards"), default=0)
    shards_done = models.PositiveSmallIntegerField(_("shards done"), default=0)
    # Each shard's regions and number of people, in shard order.
    plan = models.JSONField(_("shards by region"), default=list, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("full re-scoring")
        verbose_name_plural = _("full re-scorings")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["ranking", "storing", "done", "failed"]),
                name="rescore_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"


class PersonCoding(models.Model):
    """What the occupation coder made of the words of a person who declares no occupation, kept
    so that a rebuild codes again only the people whose words (or the coder) changed: ``digest``
    names the words and the coder's version, ``codes`` its suggestions as [code, level, name,
    confidence]. Codes only, never the words."""

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    digest = models.CharField(_("digest"), max_length=32)
    codes = models.JSONField(_("codes"), default=list)

    class Meta:
        verbose_name = _("occupations coded from a person's words")
        verbose_name_plural = _("occupations coded from people's words")

    def __str__(self) -> str:
        return f"{self.person_id}: {', '.join(code for code, *_ in self.codes)}"
