"""Case handling gets its own permission, review_application, instead of Django's «view»
permission on applications (which also let reviewers change them). The group
Søknadsbehandlere gets the new one and loses the old."""

from django.db import migrations, models

import forms.permissions


def move_to_review_permission(apps, schema_editor, forward=True):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="forms", model="applicationsubmission"
    )
    review, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="review_application",
        defaults={"name": "Kan behandle søknader"},
    )
    view, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="view_applicationsubmission",
        defaults={"name": "Can view søknad"},
    )
    group, _ = Group.objects.get_or_create(name="Søknadsbehandlere")
    if forward:
        group.permissions.add(review)
        group.permissions.remove(view)
    else:
        group.permissions.add(view)
        group.permissions.remove(review)


def back_to_view_permission(apps, schema_editor):
    move_to_review_permission(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0005_receipt_withheld"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="applicationsubmission",
            options={
                "ordering": ["-submit_time"],
                "permissions": [("review_application", "Kan behandle søknader")],
                "verbose_name": "søknad",
                "verbose_name_plural": "søknader",
            },
        ),
        migrations.AlterField(
            model_name="applicationsubmission",
            name="assigned_to",
            field=models.ForeignKey(
                blank=True,
                limit_choices_to=forms.permissions.reviewer_choices,
                null=True,
                on_delete=models.deletion.SET_NULL,
                related_name="assigned_applications",
                to="auth.user",
                verbose_name="saksbehandler",
            ),
        ),
        migrations.RunPython(move_to_review_permission, back_to_view_permission),
    ]
