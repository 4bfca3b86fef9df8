from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobs.models.people import Person
from jobs.validators import validate_registry_date


class HardshipCategory(models.TextChoices):
    OLDER_WORKER = "older", _("Older worker (women 40+, men 50+)")
    DISABILITY = "disability", _("Person with a disability")
    ZERO_EMPLOYMENT_HOUSEHOLD = "zero_household", _("Zero-employment household")
    POVERTY_ALLEVIATED = "poverty", _("Lifted out of poverty")
    LOW_INCOME = "low_income", _("Minimum living allowance")
    LONG_TERM_UNEMPLOYED = "long_unemployed", _("Unemployed for over a year")
    UNEMPLOYED_GRADUATE = "graduate", _("Unemployed graduate")
    VETERAN = "veteran", _("Veteran")
    OTHER = "other", _("Other")


class WarningTier(models.TextChoices):
    """Red is the most urgent; each tier brings more help than the one below it."""

    NONE = "none", _("No warning")
    BLUE = "blue", _("Blue")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")


# The tiers that bring a 1131 plan and a place near the top of the candidate lists of the
# vacancies a person suits.
PRIORITY_TIERS = (WarningTier.RED, WarningTier.YELLOW)


class HardToEmployProfile(models.Model):
    """Hard-to-employ registry (就业困难群体数据库): one profile per person in it."""

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="hardship"
    )
    registered_on = models.DateField(_("registered on"), validators=[validate_registry_date])
    exited_on = models.DateField(
        _("left the registry on"), null=True, blank=True, validators=[validate_registry_date]
    )
    exit_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)
    # What the match index looks at to catch up with changes it was not told of.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("hard-to-employ person")
        verbose_name_plural = _("hard-to-employ registry")
        indexes = [models.Index(fields=["updated_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(exited_on__isnull=True)
                | models.Q(exited_on__gte=models.F("registered_on")),
                name="hardship_exit_after_registration",
            ),
        ]

    def __str__(self) -> str:
        return self.person.name

    def clean(self) -> None:
        if self.exited_on and self.registered_on and self.exited_on < self.registered_on:
            raise ValidationError({"exited_on": _("Left the registry on: must not be before registration")})


class HardshipRecord(models.Model):
    profile = models.ForeignKey(HardToEmployProfile, on_delete=models.CASCADE, related_name="categories")
    category = models.CharField(_("category"), max_length=16, choices=HardshipCategory.choices)
    verified_on = models.DateField(
        _("verified on"), null=True, blank=True, validators=[validate_registry_date]
    )
    note = models.CharField(_("evidence"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("hardship category")
        verbose_name_plural = _("hardship categories")
        constraints = [
            models.UniqueConstraint(fields=["profile", "category"], name="hardship_category_once"),
        ]

    def __str__(self) -> str:
        return self.get_category_display()


class AssistanceRecord(models.Model):
    """The assistance ledger: what was done for a person, towards the "1131" package."""

    class Kind(models.TextChoices):
        POLICY_BRIEFING = "policy", _("Policy briefing")
        CAREER_GUIDANCE = "guidance", _("Career guidance")
        JOB_RECOMMENDATION = "job", _("Job recommendation")
        TRAINING_OFFER = "training", _("Training or internship offer")
        OTHER = "other", _("Other assistance")

    profile = models.ForeignKey(
        HardToEmployProfile,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="assistance",
    )
    kind = models.CharField(_("assistance kind"), max_length=12, choices=Kind.choices)
    delivered_on = models.DateField(_("delivered on"), validators=[validate_registry_date])
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    vacancy = models.ForeignKey(
        "jobs.Vacancy", verbose_name=_("vacancy"), null=True, blank=True, on_delete=models.SET_NULL
    )
    course = models.ForeignKey(
        "jobs.TrainingCourse",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("assistance record")
        verbose_name_plural = _("assistance ledger")
        ordering = ["-delivered_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.delivered_on}"
