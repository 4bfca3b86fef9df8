from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jobs.admin import imports, people, registries

admin.site.site_header = _("Smart employment service")
admin.site.site_title = _("Smart employment service")
admin.site.index_title = _("Registries")

__all__ = ["imports", "people", "registries"]
