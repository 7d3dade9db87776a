from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0011_application_drafts"),
    ]

    operations = [
        migrations.AddField(
            model_name="applicationdraft",
            name="resume_link_error",
            field=models.TextField(blank=True),
        ),
    ]
