from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jobs.fields import EncryptedTextField
from jobs.models.choices import CertificateLevel, Education, Sex, WageUnit
from jobs.models.regions import COUNTY_LEVEL, COUNTY_LEVEL_ERRORS, Region
from jobs.models.stations import GigStation
from jobs.models.taxonomy import Occupation, Skill
from jobs.validators import mask_id_number, mask_mobile, validate_registry_date, validate_registry_year


class Household(models.Model):
    """A registered household, so that zero-employment households (零就业家庭) can be found."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, limit_choices_to=COUNTY_LEVEL,
        error_messages=COUNTY_LEVEL_ERRORS,
    )  # fmt: skip
    address = models.CharField(_("address"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return f"{self.address} (#{self.pk})"


class EmploymentStatus(models.TextChoices):
    EMPLOYED = "employed", _("Employed locally")
    MIGRANT = "migrant", _("Working away from home")
    FLEXIBLE = "flexible", _("Flexible employment")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    UNEMPLOYED = "unemployed", _("Unemployed")
    STUDENT = "student", _("Student")
    NOT_IN_LABOUR_FORCE = "inactive", _("Not in the labour force")


# In work, whether locally, away or on their own account: a household none of whose members is in
# one of these (and some of whom are unemployed) is a zero-employment household (零就业家庭).
WORKING_STATUSES = frozenset(
    {
        EmploymentStatus.EMPLOYED,
        EmploymentStatus.MIGRANT,
        EmploymentStatus.FLEXIBLE,
        EmploymentStatus.SELF_EMPLOYED,
    }
)


class Person(models.Model):
    """Labour registry (劳动力资源信息库): one row per working-age resident."""

    EmploymentStatus = EmploymentStatus

    class Source(models.TextChoices):
        WALK_IN = "walk_in", _("Registered at a gig station")
        IMPORT = "import", _("Bulk import")
        SELF = "self", _("Self-registered")
        DEMO = "demo", _("Synthetic demo data")

    name = models.CharField(pgettext_lazy("person", "name"), max_length=64)
    # National ID: ciphertext at rest, keyed hash for look-up and de-duplication.
    id_number = EncryptedTextField(_("ID number"))
    id_number_hash = models.CharField(max_length=64, unique=True, editable=False)
    # Derived from the ID number; kept for statistics and never used in matching.
    birth_date = models.DateField(_("birth date"), editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, editable=False)
    ethnicity = models.CharField(_("ethnicity"), max_length=16, blank=True)
    phone = EncryptedTextField(_("mobile number"), blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    email = models.EmailField(_("email"), blank=True)

    hukou_region = models.ForeignKey(
        Region,
        verbose_name=_("household registration (hukou)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    home_region = models.ForeignKey(
        Region,
        verbose_name=_("home region"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=COUNTY_LEVEL,
        error_messages=COUNTY_LEVEL_ERRORS,
        help_text=_("Where the person lives or is registered with this service"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )

    education = models.PositiveSmallIntegerField(_("education"), choices=Education.choices)
    major = models.CharField(_("major"), max_length=64, blank=True)
    graduation_year = models.PositiveSmallIntegerField(
        _("graduation year"), null=True, blank=True, validators=[validate_registry_year]
    )

    employment_status = models.CharField(
        _("employment status"), max_length=16, choices=EmploymentStatus.choices
    )
    status_since = models.DateField(
        _("status since"), default=date.today, validators=[validate_registry_date]
    )
    is_seeking = models.BooleanField(_("looking for work"), default=False)

    desired_occupations = models.ManyToManyField(
        Occupation, verbose_name=_("desired occupations"), blank=True, related_name="+"
    )
    desired_regions = models.ManyToManyField(
        Region, verbose_name=_("desired work regions"), blank=True, related_name="+"
    )
    expected_wage = models.PositiveIntegerField(_("expected wage (yuan)"), null=True, blank=True)
    expected_wage_unit = models.CharField(
        _("wage unit"), max_length=8, choices=WageUnit.choices, default=WageUnit.MONTH
    )
    wants_full_time = models.BooleanField(_("wants full-time work"), default=True)
    wants_part_time = models.BooleanField(_("wants part-time work"), default=False)
    wants_gig = models.BooleanField(_("wants gig work"), default=False)
    wants_shared = models.BooleanField(_("open to shared employment"), default=False)
    commute_radius_km = models.PositiveSmallIntegerField(_("commute radius (km)"), default=30)
    accepts_anywhere = models.BooleanField(_("will work anywhere"), default=False)
    available_from = models.DateField(
        _("available from"), null=True, blank=True, validators=[validate_registry_date]
    )
    self_description = models.TextField(
        _("about me"),
        blank=True,
        max_length=2000,
        help_text=_("In the person's own words: what they can do and what they want"),
    )

    consent_matching = models.BooleanField(_("consents to job matching"), default=False)
    consent_contact = models.BooleanField(_("consents to be contacted by employers"), default=False)
    consent_recorded_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    consent_text_version = models.CharField(_("consent text version"), max_length=16, blank=True)
    notify_sms = models.BooleanField(_("notices by SMS"), default=True)
    notify_wechat = models.BooleanField(_("notices by WeChat"), default=False)
    notify_email = models.BooleanField(_("notices by email"), default=False)
    # Given by WeChat when the person signs in through the mini-program; template messages go to it.
    wechat_openid = models.CharField(_("WeChat open id"), max_length=64, blank=True, editable=False)

    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    registered_at_station = models.ForeignKey(
        GigStation,
        verbose_name=_("registered at station"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The person closed their account: only the anonymous row stays, for statistics, and it is
    # in no list of people.
    closed_at = models.DateTimeField(_("account closed at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("labour registry")
        permissions = [("reveal_personal_data", _("Can reveal full ID numbers and phones"))]
        indexes = [
            models.Index(fields=["home_region", "employment_status"]),
            models.Index(fields=["is_seeking", "consent_matching"]),
            models.Index(fields=["updated_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(commute_radius_km__lte=500), name="person_commute_radius_sane"
            ),
            # Consent without a record of when it was given is no consent.
            models.CheckConstraint(
                condition=models.Q(consent_matching=False, consent_contact=False)
                | models.Q(consent_recorded_at__isnull=False),
                name="person_consent_is_recorded",
            ),
            models.CheckConstraint(
                condition=models.Q(employment_status__in=EmploymentStatus.values),
                name="person_employment_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(expected_wage__isnull=True) | models.Q(expected_wage__lte=1_000_000),
                name="person_expected_wage_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.id_number_masked}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.expected_wage is not None and self.expected_wage > 1_000_000:
            errors["expected_wage"] = _("Expected wage: more than 1,000,000 yuan is not plausible")
        if self.commute_radius_km is not None and self.commute_radius_km > 500:
            errors["commute_radius_km"] = _("Commute radius: at most 500 km")
        if errors:
            raise ValidationError(errors)

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number or "")

    @property
    def phone_masked(self) -> str:
        return mask_mobile(self.phone or "")

    @property
    def birth_year(self) -> int:
        """What staff see of the birth date: the full date would fill in the digits the masked
        ID number hides."""
        return self.birth_date.year

    def age_on(self, day: date) -> int:
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


class PersonSkill(models.Model):
    class Level(models.IntegerChoices):
        BEGINNER = 1, _("Beginner")
        ABLE = 2, _("Can work independently")
        SKILLED = 3, _("Skilled")
        EXPERT = 4, _("Expert, can teach others")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, verbose_name=_("skill"), on_delete=models.PROTECT)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=Level.ABLE)
    years = models.PositiveSmallIntegerField(_("years of experience"), default=0)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        constraints = [
            models.UniqueConstraint(fields=["person", "skill"], name="person_skill_once"),
            models.CheckConstraint(condition=models.Q(years__lte=60), name="person_skill_years_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_level_display()})"


class PersonCertificate(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="certificates")
    name = models.CharField(_("certificate"), max_length=100)
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), null=True, blank=True, on_delete=models.PROTECT
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=CertificateLevel.choices, null=True, blank=True
    )
    number = models.CharField(_("certificate number"), max_length=64, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True, validators=[validate_registry_date])

    class Meta:
        verbose_name = _("vocational certificate")
        verbose_name_plural = _("vocational certificates")

    def __str__(self) -> str:
        return f"{self.name} {self.get_level_display() or ''}".strip()


class WorkHistory(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="work_history")
    employer_name = models.CharField(_("employer"), max_length=100, blank=True)
    title = models.CharField(_("job title"), max_length=100)
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), null=True, blank=True, on_delete=models.PROTECT
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT
    )
    started_on = models.DateField(_("started on"), validators=[validate_registry_date])
    ended_on = models.DateField(_("ended on"), null=True, blank=True, validators=[validate_registry_date])
    description = models.TextField(_("what I did"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("work history")
        verbose_name_plural = _("work history")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="work_history_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("Ended on: must not be before the start")})


class RevealLog(models.Model):
    """Every time a staff member sees a full ID number or phone, one row here: a person's, or
    an employer's contact phone."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.CASCADE
    )
    employer = models.ForeignKey(
        "jobs.Employer",
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    fields = models.CharField(_("fields revealed"), max_length=64)
    purpose = models.CharField(_("purpose"), max_length=200)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("personal data reveal")
        verbose_name_plural = _("personal data reveals")
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=True) ^ models.Q(employer__isnull=True),
                name="reveal_of_a_person_or_an_employer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} → {self.person_id or self.employer_id} {self.fields}"
