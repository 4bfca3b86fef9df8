from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0016_load_csco"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="occupation",
            name="national_code",
        ),
    ]
