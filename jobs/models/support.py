"""Support for the people who need it most: the warning tier each one is in, why, and every
change of it; and the rules behind the tiers, as city staff set them."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobs.models.hardship import HardshipCategory, WarningTier
from jobs.models.people import Person


def _count(verbose_name: Any, default: int, most: int, help_text: Any = "") -> Any:
    return models.PositiveSmallIntegerField(
        verbose_name, default=default, help_text=help_text,
        validators=[MinValueValidator(1), MaxValueValidator(most)],
    )  # fmt: skip


def _welfare_categories() -> list[str]:
    return [HardshipCategory.OLDER_WORKER.value, HardshipCategory.DISABILITY.value]


class SupportRules(models.Model):
    """The numbers of the warning rules (one row, loaded with the Huangshi plan's defaults).

    Red: unemployed ``red_hardship_months`` or more while in a hardship category, a member of a
    zero-employment household, or unemployed more than ``red_months``. Yellow: unemployed
    ``yellow_months`` or more, or a graduate with no job ``graduate_months`` after leaving school.
    Blue: newly registered unemployed, or a gig worker with no work for ``idle_days``.
    """

    red_hardship_months = _count(_("red: months unemployed while in a hardship category"), 6, 120)
    red_months = _count(_("red: unemployed more than this many months"), 12, 120)
    yellow_months = _count(_("yellow: months unemployed"), 3, 120)
    graduate_months = _count(_("yellow: months after leaving school with no job"), 3, 120)
    graduate_years = _count(_("graduates are a key group for this many years after leaving school"), 2, 10)
    school_leaving_month = _count(
        _("month of the year school is left"), 7, 12,
        _("A graduate counts from the first day of this month of their graduation year"),
    )  # fmt: skip
    idle_days = _count(_("blue: days a gig worker has had no work"), 30, 365)
    working_age_from = _count(_("working age from"), 16, 30)
    working_age_to = _count(
        _("working age up to"), 60, 75,
        _("Household members this old or younger count when finding zero-employment households"),
    )  # fmt: skip
    override_days_most = _count(_("longest override (days)"), 180, 730)
    # The "1131" package: when each of its items falls due, counted from the day the plan opens.
    policy_briefing_days = _count(_("1131: days to the policy briefing"), 7, 365)
    career_guidance_days = _count(_("1131: days to the career-guidance session"), 14, 365)
    job_recommendation_days = _count(_("1131: days to the three job recommendations"), 30, 365)
    training_offer_days = _count(_("1131: days to the training or internship offer"), 30, 365)
    # Who may have a public-welfare post (公益性岗位): someone out of work on any of these grounds.
    welfare_zero_household = models.BooleanField(
        _("public-welfare posts: members of zero-employment households"), default=True
    )
    welfare_categories = models.JSONField(
        _("public-welfare posts: hardship categories"), default=_welfare_categories, blank=True,
        help_text=_("People in the hard-to-employ registry in one of these categories"),
    )  # fmt: skip
    welfare_unemployed_months = _count(
        _("public-welfare posts: unemployed more than this many months"), 12, 120
    )
    welfare_term_months_most = _count(_("public-welfare posts: longest subsidised term (months)"), 36, 120)
    zero_household_offer_days = _count(
        _("days to offer a zero-employment household a public-welfare post or a priority match"), 30, 365
    )
    # At most the 20 places an employer's candidate list shows.
    exposure_rank = _count(
        _("employers' lists: red and yellow people shown within the first"), 10, 20,
        _("A red or yellow person a vacancy suits is placed at least this high on its candidate list; "
          "nobody's score changes"),
    )  # fmt: skip
    # Returning migrant workers (接您回家).
    returnee_offer_days = _count(
        _("returnees: days before an expected return that local jobs and training are offered"), 30, 120
    )
    returnee_call_days = _count(_("returnees: days after a return within which the case worker calls"), 7, 60)
    campaign_prepare_days = _count(
        _("welcome-home campaigns: days before the holiday one is prepared"), 45, 120
    )
    campaign_send_from_days = _count(
        _("welcome-home campaigns: proposed sending from, days before the holiday"), 21, 120
    )
    campaign_send_until_days = _count(
        _("welcome-home campaigns: proposed sending until, days before the holiday"), 3, 60
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("support rules")
        verbose_name_plural = _("support rules")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="support_rules_one_row"),
        ]

    def __str__(self) -> str:
        return str(_("Support rules"))

    def clean(self) -> None:
        errors = {}
        if self.yellow_months and self.red_hardship_months and self.yellow_months >= self.red_hardship_months:
            errors["yellow_months"] = _("Yellow: months unemployed: must be fewer than the red months")
        if self.working_age_from and self.working_age_to and self.working_age_from >= self.working_age_to:
            errors["working_age_to"] = _("Working age up to: must be above working age from")
        if self.red_hardship_months and self.red_months and self.red_hardship_months > self.red_months:
            errors["red_hardship_months"] = _(
                "Red: months unemployed while in a hardship category: must not be more than the red months"
            )
        if (
            self.campaign_send_from_days
            and self.campaign_send_until_days
            and (self.campaign_send_until_days >= self.campaign_send_from_days)
        ):
            errors["campaign_send_until_days"] = _(
                "Welcome-home campaigns: sending until must be fewer days before the holiday than sending from"
            )
        if (
            self.campaign_prepare_days
            and self.campaign_send_from_days
            and (self.campaign_send_from_days > self.campaign_prepare_days)
        ):
            errors["campaign_send_from_days"] = _(
                "Welcome-home campaigns: sending from must not be before the campaign is prepared"
            )
        categories = self.welfare_categories
        if not isinstance(categories, list) or not set(categories) <= set(HardshipCategory.values):
            errors["welfare_categories"] = _(
                "Public-welfare posts: hardship categories: a list of known categories"
            )
        if errors:
            raise ValidationError(errors)


class Support(models.Model):
    """Where one person stands: the tier in effect, what the rules found, a staff override and
    the case worker responsible. People in the hard-to-employ registry have one, and so does
    anyone the daily rules ever gave a tier."""

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="support"
    )
    tier = models.CharField(
        _("warning tier"), max_length=8, choices=WarningTier.choices, default=WarningTier.NONE
    )
    tier_since = models.DateTimeField(_("in this tier since"), null=True, blank=True)
    # What the rules found on their last run, the facts with each rule that fired; kept whatever
    # an override says, so that staff see both.
    rules_tier = models.CharField(
        _("tier by the rules"), max_length=8, choices=WarningTier.choices, default=WarningTier.NONE
    )
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    # The grounds on which the person may have a public-welfare post; none: not eligible. What
    # the matching engine reads to list such posts for them.
    welfare_grounds = models.JSONField(_("grounds for a public-welfare post"), default=list, blank=True)
    override_tier = models.CharField(
        _("tier set by staff"), max_length=8, choices=WarningTier.choices, blank=True
    )
    override_reason = models.CharField(_("why staff set it"), max_length=200, blank=True)
    override_until = models.DateField(_("staff tier holds until"), null=True, blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case worker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")
        indexes = [models.Index(fields=["tier"]), models.Index(fields=["override_until"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tier__in=WarningTier.values), name="support_tier_known"
            ),
            models.CheckConstraint(
                condition=models.Q(override_tier="", override_until__isnull=True)
                | (models.Q(override_tier__in=WarningTier.values) & models.Q(override_until__isnull=False)),
                name="support_override_has_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} ({self.get_tier_display()})"


class TierChange(models.Model):
    """The log of a person's tier: from, to, why, when, and by the rules or by whom."""

    class Source(models.TextChoices):
        RULES = "rules", _("By the rules")
        STAFF = "staff", _("Set by staff")
        EXPIRED = "expired", _("Staff tier expired, the rules again")

    support = models.ForeignKey(Support, on_delete=models.CASCADE, related_name="changes")
    from_tier = models.CharField(_("from"), max_length=8, choices=WarningTier.choices)
    to_tier = models.CharField(_("to"), max_length=8, choices=WarningTier.choices)
    why = models.TextField(_("reason for the change"), blank=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("tier change")
        verbose_name_plural = _("tier changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_from_tier_display()} → {self.get_to_tier_display()}"


class SupportPlan(models.Model):
    """The "1131" package for one person: one policy briefing, one career-guidance session,
    three job recommendations and one training or internship offer, each with its due day.
    Opened when a person enters red or yellow, or by staff for anyone; at most one open."""

    class Opened(models.TextChoices):
        RULES = "rules", _("Entered red or yellow")
        STAFF = "staff", _("Added by staff")

    class Closed(models.TextChoices):
        DONE = "done", _("Every item done")
        IN_WORK = "in_work", _("In work")
        ACCOUNT_CLOSED = "closed", _("Account closed")

    support = models.ForeignKey(
        Support, verbose_name=_("person"), on_delete=models.CASCADE, related_name="plans"
    )
    # The station whose case workers the person belongs to, as it was when the plan opened: what
    # its completion rate counts under.
    station = models.ForeignKey(
        "jobs.GigStation", verbose_name=_("gig station"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("case worker"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="plans",
    )  # fmt: skip
    opened_on = models.DateField(_("opened on"))
    opened_because = models.CharField(_("opened because"), max_length=8, choices=Opened.choices)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_because = models.CharField(_("closed because"), max_length=8, choices=Closed.choices, blank=True)

    class Meta:
        verbose_name = _("1131 plan")
        verbose_name_plural = _("1131 plans")
        constraints = [
            models.UniqueConstraint(
                fields=["support"], condition=models.Q(closed_on__isnull=True), name="support_plan_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.support.person.name} {self.opened_on}"


class PlanItemKind(models.TextChoices):
    POLICY_BRIEFING = "policy", _("Policy briefing")
    CAREER_GUIDANCE = "guidance", _("Career guidance")
    JOB_RECOMMENDATION = "job", _("Job recommendation")
    TRAINING_OFFER = "training", _("Training or internship offer")


class PlanItem(models.Model):
    """One item of a plan: when it is due, when it was done and by whom, and what came of it."""

    Kind = PlanItemKind

    plan = models.ForeignKey(
        SupportPlan, verbose_name=_("1131 plan"), on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(_("assistance kind"), max_length=12, choices=PlanItemKind.choices)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("done by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    vacancy = models.ForeignKey(
        "jobs.Vacancy", verbose_name=_("vacancy"), null=True, blank=True, on_delete=models.SET_NULL
    )
    course = models.ForeignKey(
        "jobs.TrainingCourse", verbose_name=_("course"), null=True, blank=True, on_delete=models.SET_NULL
    )
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("1131 item")
        verbose_name_plural = _("1131 items")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["done_on", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=PlanItemKind.values), name="plan_item_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on}"


class ZeroEmploymentSpell(models.Model):
    """A household's time with nobody in work (零就业家庭): from the day its last working member
    stopped to the day one is in work again, with the offer owed to it (a public-welfare post or
    a priority match) within the rules' days. At most one open a household."""

    class Offer(models.TextChoices):
        PUBLIC_WELFARE = "welfare", _("Public-welfare post")
        PRIORITY_MATCH = "priority", _("Priority match")

    household = models.ForeignKey(
        "jobs.Household", verbose_name=_("household"), on_delete=models.CASCADE, related_name="zero_spells"
    )
    station = models.ForeignKey(
        "jobs.GigStation", verbose_name=_("gig station"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    became_on = models.DateField(_("nobody in work since"))
    offer_due_on = models.DateField(_("offer due on"))
    offered_on = models.DateField(_("offered on"), null=True, blank=True)
    offer = models.CharField(_("offer"), max_length=8, choices=Offer.choices, blank=True)
    offer_vacancy = models.ForeignKey(
        "jobs.Vacancy", verbose_name=_("vacancy offered"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    offered_to = models.ForeignKey(
        Person,
        verbose_name=_("offered to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("offered by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    left_on = models.DateField(_("somebody in work again on"), null=True, blank=True)

    class Meta:
        verbose_name = _("zero-employment household")
        verbose_name_plural = _("zero-employment households")
        ordering = ["-became_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=models.Q(left_on__isnull=True), name="zero_spell_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} {self.became_on}"


class WelfarePlacement(models.Model):
    """Someone placed in a public-welfare post: the post, and the start and end of the term the
    post is subsidised for."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="welfare_placements"
    )
    vacancy = models.ForeignKey(
        "jobs.Vacancy", verbose_name=_("public-welfare post"), on_delete=models.PROTECT
    )
    starts_on = models.DateField(_("in the post from"))
    ends_on = models.DateField(_("subsidised until"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("public-welfare placement")
        verbose_name_plural = _("public-welfare placements")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="welfare_term_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {self.starts_on}–{self.ends_on}"
