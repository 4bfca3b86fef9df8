from django.db import models
from django.utils.translation import gettext_lazy as _

from jobs.models.choices import Industry


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
        parts = self.synonyms.replace("、", ",").replace("，", ",").split(",")
        return [p.strip() for p in parts if p.strip()]


class Occupation(SynonymsMixin):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=64, unique=True)
    national_code = models.CharField(
        _("national classification code"),
        max_length=16,
        blank=True,
        help_text=_("Code in the national occupational classification, where known"),
    )
    industry = models.CharField(_("industry"), max_length=1, choices=Industry.choices)

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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
