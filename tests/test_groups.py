"""Staff groups get what their work needs and nothing more; publishing goes through moderation."""

from django.contrib.auth.models import Group

from wagtail.models import Page, Workflow
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from home.models import ContentPage


@pytest.fixture
def staff(django_user_model):
    def make(group_name):
        user = django_user_model.objects.create_user(
            username=group_name.lower(), password="passord-for-test", is_staff=False
        )
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def content_page(home_page):
    page = ContentPage(title="Om oss", slug="om-oss")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_the_three_groups_exist_and_wagtails_english_ones_are_gone(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Redaktører", "Moderatorer", "Søknadsbehandlere"} <= names
    assert not names & {"Editors", "Moderators"}


def test_editors_can_edit_but_not_publish(staff, content_page):
    editor = staff("Redaktører")
    permissions = content_page.permissions_for_user(editor)
    assert permissions.can_edit()
    assert permissions.can_add_subpage()
    assert not permissions.can_publish()
    assert not permissions.can_unpublish()
    assert not permissions.can_delete()
    assert editor.has_perm("wagtailadmin.access_admin")
    assert not editor.has_perm("home.change_sitesettings")


def test_moderators_can_publish(staff, content_page):
    moderator = staff("Moderatorer")
    permissions = content_page.permissions_for_user(moderator)
    assert permissions.can_edit()
    assert permissions.can_publish()
    assert moderator.has_perm("home.change_sitesettings")


def test_application_reviewers_have_no_page_rights(staff, content_page):
    reviewer = staff("Søknadsbehandlere")
    permissions = content_page.permissions_for_user(reviewer)
    assert not permissions.can_edit()
    assert not permissions.can_add_subpage()
    assert not permissions.can_publish()
    assert reviewer.has_perm("wagtailadmin.access_admin")
    assert not reviewer.has_perm("home.change_sitesettings")


def test_every_page_goes_through_moderator_approval(content_page, home_page):
    workflow = content_page.get_workflow()
    assert workflow.name == "Moderatorgodkjenning"
    assert workflow.active
    [task] = [task.specific for task in workflow.tasks]
    assert list(task.groups.values_list("name", flat=True)) == ["Moderatorer"]
    assert home_page.get_workflow() == workflow
    assert Workflow.objects.get(workflow_pages__page__depth=1) == workflow


def test_an_editor_submits_for_moderation_and_a_moderator_publishes(client, staff, content_page):
    editor, moderator = staff("Redaktører"), staff("Moderatorer")
    client.force_login(editor)
    edit_url = f"/admin/pages/{content_page.pk}/edit/"
    response = client.post(
        edit_url,
        nested_form_data(
            {
                "title": "Om Kulturskolerådet",
                "slug": "om-oss",
                "eyebrow": "",
                "intro": rich_text(""),
                "body": streamfield([]),
                "action-submit": "1",
            }
        ),
    )
    assert response.status_code == 302
    content_page.refresh_from_db()
    assert content_page.title == "Om oss"  # the live page is unchanged until approved
    state = content_page.current_workflow_state
    assert state and state.status == "in_progress"

    # An editor's attempt to publish directly is refused.
    client.post(
        edit_url,
        nested_form_data(
            {
                "title": "Publisert av redaktør",
                "slug": "om-oss",
                "eyebrow": "",
                "intro": rich_text(""),
                "body": streamfield([]),
                "action-publish": "1",
            }
        ),
    )
    content_page.refresh_from_db()
    assert content_page.title == "Om oss"

    client.force_login(moderator)
    task_state = state.current_task_state
    response = client.post(
        f"/admin/pages/{content_page.pk}/edit/",
        nested_form_data(
            {
                "title": "Om Kulturskolerådet",
                "slug": "om-oss",
                "eyebrow": "",
                "intro": rich_text(""),
                "body": streamfield([]),
                "action-workflow-action": "1",
                "workflow-action-name": "approve",
            }
        ),
    )
    assert response.status_code == 302
    task_state.refresh_from_db()
    content_page.refresh_from_db()
    assert task_state.status == "approved"
    assert content_page.title == "Om Kulturskolerådet"


def test_reviewers_cannot_open_the_page_editor(client, staff, home_page):
    client.force_login(staff("Søknadsbehandlere"))
    assert client.get("/admin/").status_code == 200
    title_before = home_page.title
    response = client.get(f"/admin/pages/{home_page.pk}/edit/")
    assert response.status_code in (302, 403)
    # Nor save through it: the home page keeps its title and gets no new revision.
    revisions_before = home_page.revisions.count()
    response = client.post(
        f"/admin/pages/{home_page.pk}/edit/",
        {
            "title": "Endret av søknadsbehandler",
            "slug": home_page.slug,
            "hero_kicker": home_page.hero_kicker,
            "hero_heading": home_page.hero_heading or "Visjon",
            "intro": rich_text(""),
            "featured_links-count": "0",
        },
    )
    assert response.status_code in (302, 403)
    saved = Page.objects.get(pk=home_page.pk).specific
    assert saved.title == title_before != "Endret av søknadsbehandler"
    assert saved.draft_title == title_before
    assert saved.revisions.count() == revisions_before
