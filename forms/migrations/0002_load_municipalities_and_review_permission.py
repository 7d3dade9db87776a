"""Norway's municipalities from forms/data/kommuner.csv, and the right to review applications
for the group «Søknadsbehandlere»."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "kommuner.csv"


def load_municipalities(apps, schema_editor):
    Municipality = apps.get_model("forms", "Municipality")
    with DATA.open(encoding="utf-8", newline="") as data:
        rows = list(csv.DictReader(data))
    for row in rows:
        Municipality.objects.update_or_create(
            number=row["kommunenummer"],
            defaults={
                "name": row["navn"],
                "county_number": row["fylkesnummer"],
                "county": row["fylke"],
            },
        )
    Municipality.objects.exclude(number__in=[row["kommunenummer"] for row in rows]).delete()


def grant_review_permission(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="forms", model="applicationsubmission"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_applicationsubmission",
        defaults={"name": "Can view søknad"},
    )
    group, _ = Group.objects.get_or_create(name="Søknadsbehandlere")
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0001_initial"),
        ("home", "0003_staff_groups_and_workflow"),
    ]

    operations = [
        migrations.RunPython(load_municipalities, migrations.RunPython.noop),
        migrations.RunPython(grant_review_permission, migrations.RunPython.noop),
    ]
