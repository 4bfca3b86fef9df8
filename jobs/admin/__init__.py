from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from jobs.admin import imports, insurance, people, registries, returnees, subsidies, support, training

admin.site.site_header = _("Smart employment service")
admin.site.site_title = _("Smart employment service")
admin.site.index_title = _("Registries")

# django-import-export's pages ask for these; its own zh_Hans catalogue leaves the first empty
# and garbles the second ("某些行验数据证失败"), so ours carries them (listed here so that our
# catalogue keeps them).
gettext_noop("Select all")
gettext_noop("Some rows failed to validate")

__all__ = ["imports", "insurance", "people", "registries", "returnees", "subsidies", "support", "training"]
