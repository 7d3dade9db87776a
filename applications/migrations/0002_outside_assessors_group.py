"""The group «Eksterne fagvurderere»: panel members from outside the staff. They may use the
admin and assess the applications assigned to them, nothing else (no pages, no «Søknader»)."""

from django.db import migrations

GROUP = "Eksterne fagvurderere"


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    assessment, _ = ContentType.objects.get_or_create(app_label="applications", model="assessment")
    assess, _ = Permission.objects.get_or_create(
        content_type=assessment,
        codename="assess_application",
        defaults={"name": "Kan vurdere søknader som er tildelt"},
    )
    admin, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(assess, access_admin)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_assessment_panel"),
        ("home", "0003_staff_groups_and_workflow"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    # Going back leaves the group (as forms/0002 leaves Søknadsbehandlere): deleting it from
    # a historical state trips over relations other apps' states no longer agree on.
    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
