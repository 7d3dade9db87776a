"""Only reviewers (and superusers) decide where a form's applications are announced: the
notification address and the sender of a form page. Nobody else can change them, through
the editor, an old revision, moderation, a copy or a translation."""

from django.core import mail

from wagtail_localize.models import OverridableSegment, TranslationSource

import pytest

from forms.models import ApplicationFormPage
from tests.factories import ProgramPageFactory
from tests.forms_helpers import post_application, translate_form, valid_answers
from tests.page_editor import edit_url, live, post_editor, staff_user

STAFF = "program@kulturskoleradet.no"
SENDER = "noreply@kulturskoleradet.no"
ATTACKER = "angriper@example.com"
NEW_STAFF = "ny-mottaker@kulturskoleradet.no"


@pytest.fixture
def page(form):
    return form[1]


@pytest.fixture
def users(django_user_model):
    return {
        "editor": staff_user(django_user_model, "redaktor", "Redaktører"),
        "moderator": staff_user(django_user_model, "moderator", "Moderatorer"),
        "reviewer_editor": staff_user(
            django_user_model, "behandler", "Søknadsbehandlere", "Redaktører"
        ),
        "superuser": staff_user(django_user_model, "sjef", is_superuser=True),
    }


def addresses(page):
    page = live(page)
    return page.to_address, page.from_address


def revision_addresses(page):
    content = live(page).get_latest_revision().content
    return content["to_address"], content["from_address"]


# The editor


@pytest.mark.parametrize("who", ["editor", "moderator"])
def test_editors_and_moderators_see_the_notification_addresses_read_only(client, users, page, who):
    client.force_login(users[who])
    html = client.get(edit_url(page)).content.decode()
    assert 'name="to_address"' not in html and 'name="from_address"' not in html
    assert STAFF in html and SENDER in html
    assert "Bare søknadsbehandlere kan endre denne adressen." in html


@pytest.mark.parametrize("who", ["reviewer_editor", "superuser"])
def test_reviewers_and_superusers_get_the_notification_address_fields(client, users, page, who):
    client.force_login(users[who])
    html = client.get(edit_url(page)).content.decode()
    assert 'name="to_address"' in html and 'name="from_address"' in html


def test_moderator_cannot_change_notification_recipient(client, users, page):
    client.force_login(users["moderator"])
    response = post_editor(
        client,
        edit_url(page),
        {"to_address": ATTACKER, "from_address": ATTACKER, "title": "Søknad, ny tittel"},
        publish=True,
    )
    assert response.status_code == 302
    assert live(page).title == "Søknad, ny tittel"  # the rest of the edit went through
    assert addresses(page) == (STAFF, SENDER)
    assert revision_addresses(page) == (STAFF, SENDER)


def test_editor_cannot_change_notification_recipient_through_moderation(client, users, page):
    client.force_login(users["editor"])
    response = post_editor(
        client,
        edit_url(page),
        {"to_address": ATTACKER, "title": "Søknad, ny tittel"},
        submit=True,
    )
    assert response.status_code == 302
    assert live(page).current_workflow_state.status == "in_progress"
    assert revision_addresses(page) == (STAFF, SENDER)

    # «Moderatorgodkjenning»: the moderator approves the editor's draft as it is.
    client.force_login(users["moderator"])
    response = post_editor(client, edit_url(page), workflow="approve")
    assert response.status_code == 302
    approved = live(page)
    assert approved.title == "Søknad, ny tittel"
    assert addresses(page) == (STAFF, SENDER)


def test_superuser_can_change_notification_recipient(client, users, page):
    client.force_login(users["superuser"])
    post_editor(client, edit_url(page), {"to_address": NEW_STAFF}, publish=True)
    assert addresses(page) == (NEW_STAFF, SENDER)


def test_reviewer_who_edits_can_change_notification_recipient_through_moderation(
    client, users, page
):
    client.force_login(users["reviewer_editor"])
    post_editor(client, edit_url(page), {"to_address": NEW_STAFF}, submit=True)
    client.force_login(users["moderator"])
    post_editor(client, edit_url(page), workflow="approve")
    assert addresses(page) == (NEW_STAFF, SENDER)


# Old revisions


@pytest.fixture
def old_revision(page):
    """A revision from before: the addresses pointed at an outsider then."""
    page.to_address = page.from_address = ATTACKER
    revision = page.save_revision()
    page.refresh_from_db()
    page.save_revision().publish()
    assert addresses(page) == (STAFF, SENDER)
    return revision


@pytest.mark.parametrize("who", ["editor", "moderator"])
def test_reverting_to_an_old_revision_cannot_bring_back_an_old_address(
    client, users, page, old_revision, who
):
    client.force_login(users[who])
    revert_url = f"/admin/pages/{page.pk}/revisions/{old_revision.pk}/revert/"
    shown = client.get(revert_url).content.decode()
    assert ATTACKER not in shown  # the read-only value is the one that will be kept
    action = {"publish": True} if who == "moderator" else {}
    response = post_editor(client, revert_url, **action)
    assert response.status_code == 302
    assert revision_addresses(page) == (STAFF, SENDER)
    assert addresses(page) == (STAFF, SENDER)


# Copies


def test_a_copy_keeps_the_notification_addresses(client, users, form):
    program, page, _keys = form
    other_program = ProgramPageFactory(parent=program.get_parent(), title="Et annet program")
    client.force_login(users["moderator"])
    response = client.post(
        f"/admin/pages/{page.pk}/copy/",
        {
            "new_title": "Kopi",
            "new_slug": "kopi",
            "new_parent_page": other_program.pk,
            "publish_copies": "on",
            "to_address": ATTACKER,
            "from_address": ATTACKER,
        },
    )
    assert response.status_code == 302
    copy = ApplicationFormPage.objects.get(slug="kopi")
    assert (copy.to_address, copy.from_address) == (STAFF, SENDER)
    # And the copy's editor cannot change them either.
    post_editor(client, edit_url(copy), {"to_address": ATTACKER}, publish=True)
    assert addresses(copy) == (STAFF, SENDER)


# Translations


def test_translators_cannot_override_the_notification_addresses(page):
    source, _ = TranslationSource.get_or_create_from_instance(page)
    overridable = set(
        OverridableSegment.objects.filter(source=source).values_list("context__path", flat=True)
    )
    assert "reference_prefix" in overridable  # the editor offers overrides at all
    assert not overridable & {"to_address", "from_address"}


def test_both_emails_use_the_norwegian_pages_addresses(
    client, home_page, form, django_capture_on_commit_callbacks
):

    program, page, keys = form
    for translated in [home_page, program.get_parent(), program]:
        translate_form(translated)
    english = translate_form(page)
    # Whatever the English page holds (an override from before), the Norwegian page decides.
    ApplicationFormPage.objects.filter(pk=english.pk).update(
        to_address=ATTACKER, from_address=ATTACKER
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post_application(client, english, valid_answers(keys, size="100 to 500"))
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    assert {message.from_email for message in mail.outbox} == {SENDER}
    assert sorted(message.to[0] for message in mail.outbox) == ["kari@bergen.kommune.no", STAFF]


def test_editor_creating_a_form_page_gets_the_default_addresses(client, users, form):
    program, _page, _keys = form
    other_program = ProgramPageFactory(parent=program.get_parent(), title="Et annet program")
    client.force_login(users["editor"])
    add_url = f"/admin/pages/add/forms/applicationformpage/{other_program.pk}/"
    response = post_editor(
        client,
        add_url,
        {
            "title": "Nytt skjema",
            "slug": "nytt-skjema",
            "reference_prefix": "NYT",
            "to_address": ATTACKER,
            "from_address": ATTACKER,
        },
    )
    assert response.status_code == 302
    created = ApplicationFormPage.objects.get(slug="nytt-skjema")
    assert (created.to_address, created.from_address) == ("", "")
    assert revision_addresses(created) == ("", "")
