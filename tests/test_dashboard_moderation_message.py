"""After «Godkjenn» (or «Be om endringer») on the dashboard the moderator is told what
happened, as the page editor tells him; Wagtail's own workflow action view says nothing."""

import re

from django.contrib.auth.models import Group

from wagtail.models import Workflow

import pytest

from home.models import ContentPage
from tests.factories import ContentPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(django_user_model):
    def member(username, group):
        user = django_user_model.objects.create_user(username, password="x")
        user.groups.add(Group.objects.get(name=group))
        return user

    return {
        "editor": member("redaktor", "Redaktører"),
        "moderator": member("moderator", "Moderatorer"),
    }


@pytest.fixture
def submitted(home_page, people):
    """A new page an editor has submitted for moderation."""
    page = ContentPageFactory(parent=home_page, title="Om oss", live=False)
    page.save_revision(user=people["editor"])
    Workflow.objects.get(name="Moderatorgodkjenning").start(page, people["editor"])
    return page


def dashboard_action_url(client, action):
    """The URL the dashboard's button for `action` posts to."""
    html = client.get("/admin/").content.decode()
    found = re.search(rf'"(/admin/pages/workflow/action/\d+/{action}/\d+/)"', html)
    assert found, f"no «{action}» button on the dashboard"
    return found.group(1)


def messages_on(response):
    return [str(message).strip() for message in response.context["messages"]]


def test_approving_from_the_dashboard_confirms_the_publication(client, people, submitted):
    client.force_login(people["moderator"])
    url = dashboard_action_url(client, "approve")
    response = client.post(url, {"next": "/admin/"}, follow=True)
    assert messages_on(response) == ["Siden «Om oss» er godkjent og publisert."]
    assert ContentPage.objects.get(pk=submitted.pk).live


def test_approving_with_a_comment_in_the_dialog_confirms_too(client, people, submitted):
    client.force_login(people["moderator"])
    url = dashboard_action_url(client, "approve")
    response = client.post(
        url, {"comment": "Fint!", "next": "/admin/"}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.json()["step"] == "success"
    dashboard = client.get(response.json()["redirect"])
    assert messages_on(dashboard) == ["Siden «Om oss» er godkjent og publisert."]


def test_asking_for_changes_from_the_dashboard_is_confirmed(client, people, submitted):
    client.force_login(people["moderator"])
    url = dashboard_action_url(client, "reject")
    response = client.post(
        url,
        {"comment": "Rett skrivefeilen.", "next": "/admin/"},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.json()["step"] == "success"
    dashboard = client.get(response.json()["redirect"])
    assert messages_on(dashboard) == ["Siden «Om oss» er sendt tilbake med ønske om endringer."]
    assert not ContentPage.objects.get(pk=submitted.pk).live


def test_an_action_that_is_not_taken_adds_no_confirmation(client, people, submitted):
    client.force_login(people["editor"])  # may not approve
    task_state = submitted.current_workflow_task_state
    url = f"/admin/pages/workflow/action/{submitted.pk}/approve/{task_state.pk}/"
    response = client.post(url, {"next": "/admin/"})
    assert response.status_code in (302, 403)
    assert not ContentPage.objects.get(pk=submitted.pk).live
    assert not any("godkjent" in m for m in messages_on(client.get("/admin/")))
