from django.db import models
from django.utils.translation import gettext_lazy as _

from jobs.models.choices import Industry


def split_titles(text: str) -> list[str]:
    """Everyday names as staff type them, separated by commas or 、."""
    parts = text.replace("、", ",").replace("，", ",").split(",")
    return [p.strip() for p in parts if p.strip()]


class SynonymsMixin(models.Model):
    synonyms = models.TextField(
        _("synonyms"),
        blank=True,
        help_text=_("Everyday names people use, separated by commas or 、"),
    )

    class Meta:
        abstract = True

    @property
    def synonym_list(self) -> list[str]:
        return split_titles(self.synonyms)


class OccupationLevel(models.IntegerChoices):
    MAJOR = 1, _("Major group")
    MEDIUM = 2, _("Medium group")
    MINOR = 3, _("Minor group")
    OCCUPATION = 4, _("Occupation")


class Occupation(SynonymsMixin):
    """A group or an occupation of the national classification (CSCO 2022), loaded by a migration
    from the book's table; ``synonyms`` holds the everyday job titles that map to it."""

    code = models.SlugField(
        _("code"),
        max_length=64,
        unique=True,
        help_text=_("National occupation classification code, such as 4-02-06-01"),
    )
    name = models.CharField(_("name"), max_length=64)
    level = models.PositiveSmallIntegerField(
        _("level"), choices=OccupationLevel.choices, default=OccupationLevel.OCCUPATION
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    definition = models.TextField(_("definition"), blank=True)
    tasks = models.TextField(_("main tasks"), blank=True)
    industry = models.CharField(_("industry"), max_length=1, choices=Industry.choices, blank=True)
    # Tells the coding when the registry's titles changed (matching/services/coding.py).
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class OccupationTitle(models.Model):
    """A title somebody wrote and then confirmed or corrected to an occupation: what the coder
    learns from besides the book."""

    class Source(models.TextChoices):
        STAFF = "staff", _("Staff")
        PERSON = "person", _("Job seeker")
        EMPLOYER = "employer", _("Employer")

    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), on_delete=models.CASCADE, related_name="learned_titles"
    )
    title = models.CharField(_("title"), max_length=100)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    confirmations = models.PositiveIntegerField(_("confirmations"), default=1)
    # The job seekers who gave it, each counted once; erased with them.
    people = models.ManyToManyField(
        "jobs.Person", verbose_name=_("job seekers who gave it"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("learned occupation title")
        verbose_name_plural = _("learned occupation titles")
        constraints = [models.UniqueConstraint(fields=["occupation", "title"], name="occupation_title_once")]

    def __str__(self) -> str:
        return f"{self.title} → {self.occupation.code}"


class Skill(SynonymsMixin):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=64, unique=True)
    occupations = models.ManyToManyField(
        Occupation, verbose_name=_("occupations"), related_name="skills", blank=True
    )

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
