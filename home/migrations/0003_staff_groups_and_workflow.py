"""Staff groups with least privilege, and moderation before publishing.

- Redaktører: edit pages, submit them for moderation, translate them; cannot publish.
- Moderatorer: everything editors can, plus publish, and edit the site settings.
- Søknadsbehandlere: into the admin only; the application review grants them more later.

Wagtail's own «Editors»/«Moderators» groups are renamed rather than duplicated, so the
moderation workflow Wagtail created for them keeps working.
"""

from django.db import migrations

GROUP_PERMISSIONS = {
    "Redaktører": {
        "legacy_name": "Editors",
        "page": ["add_page", "change_page", "lock_page"],
        "collection": [("wagtailimages", "image", ["add_image", "change_image", "choose_image"]),
                       ("wagtaildocs", "document", ["add_document", "change_document",
                                                    "choose_document"])],
        "global": [("wagtailadmin", "admin", "access_admin"),
                   ("wagtail_localize", "translation", "submit_translation")],
    },
    "Moderatorer": {
        "legacy_name": "Moderators",
        "page": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
        "collection": [("wagtailimages", "image", ["add_image", "change_image", "delete_image",
                                                   "choose_image"]),
                       ("wagtaildocs", "document", ["add_document", "change_document",
                                                    "delete_document", "choose_document"])],
        "global": [("wagtailadmin", "admin", "access_admin"),
                   ("wagtail_localize", "translation", "submit_translation"),
                   ("home", "sitesettings", "change_sitesettings")],
    },
    "Søknadsbehandlere": {
        "legacy_name": None,
        "page": [],
        "collection": [],
        "global": [("wagtailadmin", "admin", "access_admin")],
    },
}

WORKFLOW_NAME = "Moderatorgodkjenning"
TASK_NAME = "Godkjenning av moderator"


def create_groups(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    def permission(app_label, model, codename):
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        perm, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": codename}
        )
        return perm

    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)

    for name, spec in GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is None and spec["legacy_name"]:
            group = Group.objects.filter(name=spec["legacy_name"]).first()
        if group is None:
            group = Group.objects.create(name=name)
        group.name = name
        group.save()

        # Start from nothing, then grant exactly what the group needs.
        group.permissions.set(
            [permission(app, model, codename) for app, model, codename in spec["global"]]
        )
        GroupPagePermission.objects.filter(group=group).delete()
        for codename in spec["page"]:
            GroupPagePermission.objects.create(
                group=group, page=root_page,
                permission=permission("wagtailcore", "page", codename),
            )
        GroupCollectionPermission.objects.filter(group=group).delete()
        for app, model, codenames in spec["collection"]:
            for codename in codenames:
                GroupCollectionPermission.objects.create(
                    group=group, collection=root_collection,
                    permission=permission(app, model, codename),
                )


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    moderators = Group.objects.get(name="Moderatorer")
    task = GroupApprovalTask.objects.filter(groups=moderators).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, content_type=content_type, active=True
        )
    task.name = TASK_NAME
    task.active = True
    task.save()
    task.groups.set([moderators])

    workflow = Workflow.objects.filter(workflow_tasks__task=task).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    workflow.name = WORKFLOW_NAME
    workflow.active = True
    workflow.save()

    # On the tree root, so every site and every locale's pages go through moderation.
    root_page = Page.objects.get(depth=1)
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [
        migrations.RunPython(create_groups, migrations.RunPython.noop),
        migrations.RunPython(create_workflow, migrations.RunPython.noop),
    ]
