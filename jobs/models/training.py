"""Training (企业下订单、劳动者选单、培训机构列单、政府买单): an employer orders a course for its
vacancies, a provider's course is listed (for an order, or of its own), people choose it and
their completion is recorded; what the government pays follows from the subsidy policies."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobs.models.choices import CertificateLevel
from jobs.models.demand import Employer, Vacancy
from jobs.models.people import Person
from jobs.models.regions import Region
from jobs.models.taxonomy import Occupation, Skill
from jobs.validators import validate_registry_date


class CourseKind(models.TextChoices):
    SKILLS = "skills", _("Skills training")
    APPRENTICESHIP = "apprenticeship", _("New apprenticeship")


class OrderStatus(models.TextChoices):
    ORDERED = "ordered", _("Ordered, waiting for a course")
    LISTED = "listed", _("A course is listed for it")


class TrainingOrder(models.Model):
    """An employer's order (企业下订单): a course for its vacancies, teaching these skills (and
    a certificate level), for so many places, on these dates, by the provider it proposes."""

    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.CASCADE, related_name="training_orders"
    )
    vacancies = models.ManyToManyField(
        Vacancy, verbose_name=_("for the vacancies"), related_name="training_orders"
    )
    skills = models.ManyToManyField(Skill, verbose_name=_("skills to teach"), blank=True, related_name="+")
    certificate_level = models.PositiveSmallIntegerField(
        _("certificate to award"), choices=CertificateLevel.choices, null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CourseKind.choices, default=CourseKind.SKILLS)
    places = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    starts_on = models.DateField(_("starts on"), validators=[validate_registry_date])
    ends_on = models.DateField(_("ends on"), validators=[validate_registry_date])
    provider = models.CharField(_("provider proposed"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=OrderStatus.choices, default=OrderStatus.ORDERED
    )
    ordered_at = models.DateTimeField(_("ordered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("training order")
        verbose_name_plural = _("training orders")
        ordering = ["-ordered_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=OrderStatus.values), name="order_status_known"
            ),
            models.CheckConstraint(condition=models.Q(kind__in=CourseKind.values), name="order_kind_known"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="order_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.starts_on:%Y-%m-%d}"


class TrainingCourse(models.Model):
    name = models.CharField(_("name"), max_length=100)
    provider = models.CharField(_("provider"), max_length=100)
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), null=True, blank=True, on_delete=models.PROTECT
    )
    skills = models.ManyToManyField(Skill, verbose_name=_("skills taught"), blank=True)
    certificate_level = models.PositiveSmallIntegerField(
        _("certificate awarded"), choices=CertificateLevel.choices, null=True, blank=True
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    address = models.CharField(_("address"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"), validators=[validate_registry_date])
    ends_on = models.DateField(_("ends on"), validators=[validate_registry_date])
    hours = models.PositiveSmallIntegerField(_("class hours"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    fee_yuan = models.PositiveIntegerField(_("fee (yuan)"), default=0)
    subsidy_yuan = models.PositiveIntegerField(_("subsidy per trainee (yuan)"), default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=CourseKind.choices, default=CourseKind.SKILLS)
    # The employer's order it answers (培训机构列单): its trainees are offered it first for the
    # employer's vacancies, and a subsidy that pays the training employer is the orderer's.
    order = models.OneToOneField(
        TrainingOrder, verbose_name=_("for the order"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="course",
    )  # fmt: skip

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="course_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="course_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Ends on: must not be before the start")})


class EnrolmentStatus(models.TextChoices):
    CHOSEN = "chosen", _("Chosen")
    COMPLETED = "completed", _("Completed")
    DROPPED = "dropped", _("Dropped out")


class Enrolment(models.Model):
    """A person's choice of a course (劳动者选单) and how it went: completed, it adds what the
    course teaches to their profile."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(
        TrainingCourse, verbose_name=_("training course"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.CHOSEN
    )
    chosen_at = models.DateTimeField(_("chosen at"), auto_now_add=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-chosen_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "course"], name="enrolment_once_per_course"),
            models.CheckConstraint(
                condition=models.Q(status__in=EnrolmentStatus.values), name="enrolment_status_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="completed") | models.Q(completed_on__isnull=False),
                name="enrolment_completed_has_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.course}"


# Those who hold a place: a course with as many is full, and offered to nobody.
HOLDS_A_PLACE = [EnrolmentStatus.CHOSEN, EnrolmentStatus.COMPLETED]
