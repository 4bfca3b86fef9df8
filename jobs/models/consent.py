from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentText(models.Model):
    """A version of the consent text people agree to (to matching, to being contacted). A
    person's consent names the version they were shown, so a version is never edited once
    published: a new text is a new version, and the newest published one is shown."""

    version = models.CharField(_("version"), max_length=16, unique=True)
    text = models.TextField(_("text"))
    published_on = models.DateField(_("published on"))

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["-published_on", "-version"]

    def __str__(self) -> str:
        return self.version
