from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from jobs.services.regions import regions_load

    regions_load(apps.get_model("jobs", "Region"), apps.get_model("jobs", "RegionAlias"))


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
