from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from jobs.admin import imports, people, registries

admin.site.site_header = _("Smart employment service")
admin.site.site_title = _("Smart employment service")
admin.site.index_title = _("Registries")

# django-import-export's export page asks for this; its own zh_Hans catalogue leaves it empty,
# so ours carries it (listed here so that our catalogue keeps it).
gettext_noop("Select all")

__all__ = ["imports", "people", "registries"]
