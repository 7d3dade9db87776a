"""«Send inn til moderering» from the translation editor: an editor's finished translation
goes to «Moderatorgodkjenning», and the moderator's approval publishes the translated text."""

from django.contrib.messages import get_messages
from django.urls import reverse

from wagtail.models import Page

import pytest

from tests.text import visible_text
from tests.translation_helpers import (
    EDITORS,
    MODERATORS,
    english,
    new_page_with_child,
    staff_user,
    translate,
    translate_every_segment,
    translation_of,
)


@pytest.fixture
def draft(seeded_site, client, django_user_model, django_capture_on_commit_callbacks):
    page, _child = new_page_with_child(seeded_site.root_page)
    client.force_login(staff_user(django_user_model, EDITORS, "redaktor"))
    with django_capture_on_commit_callbacks(execute=True):
        translate(client, page)
    return page


def english_of(page):
    return Page.objects.get(pk=page.get_translation(english()).pk)


def submit(client, page):
    url = reverse("submit_translation_for_moderation", args=[translation_of(page).pk])
    return client.post(url)


def texts(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def approve(client, page):
    task_state = english_of(page).current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[english_of(page).pk, "approve", task_state.pk]
    )
    return client.post(url)


def test_translation_editor_offers_submitting_for_moderation(draft, client):
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[english_of(draft).pk]))
    assert "Send inn til moderering" in edit.content.decode()


def test_editor_submits_and_moderator_approval_publishes_the_translation(
    draft, client, django_user_model
):
    translate_every_segment(draft)
    response = submit(client, draft)
    assert "er sendt inn til moderering" in texts(response)
    assert english_of(draft).workflow_in_progress
    assert not english_of(draft).live

    # On the moderator's dashboard, «Venter på din gjennomgang».
    client.force_login(staff_user(django_user_model, MODERATORS))
    dashboard = visible_text(client.get(reverse("wagtailadmin_home")).content.decode())
    assert english_of(draft).draft_title in dashboard

    approve(client, draft)
    page = english_of(draft).specific
    assert page.live
    assert page.title.startswith("English text")
    assert "Siste nytt" not in visible_text(client.get(page.url).content.decode())


def test_untranslated_text_cannot_be_submitted(draft, client):
    response = submit(client, draft)
    assert "kan ikke sendes inn ennå" in texts(response)
    assert not english_of(draft).workflow_in_progress


def test_a_translation_is_submitted_once(draft, client):
    translate_every_segment(draft)
    submit(client, draft)
    response = submit(client, draft)
    assert "allerede sendt inn" in texts(response)


def test_submitting_a_live_translation_leaves_the_public_page_as_it_is(
    draft, client, django_user_model
):
    translate_every_segment(draft, "First")
    submit(client, draft)
    moderator = staff_user(django_user_model, MODERATORS)
    client.force_login(moderator)
    approve(client, draft)
    assert english_of(draft).live

    translate_every_segment(draft, "Second")
    client.force_login(django_user_model.objects.get(username="redaktor"))
    submit(client, draft)
    page = english_of(draft).specific
    assert page.title.startswith("First")  # the public row is unchanged until approval
    client.force_login(moderator)
    approve(client, draft)
    assert english_of(draft).specific.title.startswith("Second")


def test_only_those_who_may_edit_submit(draft, client, django_user_model):
    translate_every_segment(draft)
    reviewer = django_user_model.objects.create_user("behandler", password="x")
    from django.contrib.auth.models import Group

    reviewer.groups.add(Group.objects.get(name="Søknadsbehandlere"))
    client.force_login(reviewer)
    response = submit(client, draft)
    assert response.status_code in (302, 403)
    assert not english_of(draft).workflow_in_progress
