"""Spam protection: honeypot, timing, rate limit and the form's own token."""

from django.test import override_settings

from forms.intake_guards import FormToken
from forms.models import ApplicationSubmission
from tests.forms_helpers import post_application, valid_answers
from tests.text import visible_text

# Spam protection


def test_honeypot_refuses_with_a_message_a_person_understands(client, page, keys):
    response = post_application(client, page, valid_answers(keys, nettsted="http://spam.example"))
    assert response.status_code == 400
    assert "et skjult felt var fylt ut" in visible_text(response.content.decode())
    assert not ApplicationSubmission.objects.exists()


@override_settings(APPLICATION_MIN_SECONDS=30)
def test_a_form_sent_too_fast_is_refused(client, page, keys):
    response = post_application(client, page, valid_answers(keys), token=FormToken.new().dumps())
    assert response.status_code == 400
    assert "svært kort tid etter at det ble åpnet" in visible_text(response.content.decode())
    assert not ApplicationSubmission.objects.exists()


@override_settings(APPLICATION_RATE_LIMIT=(2, 600))
def test_rate_limit_per_address(client, page, keys):
    for municipality in ["0301", "4601"]:
        assert (
            post_application(
                client, page, valid_answers(keys, municipality=municipality)
            ).status_code
            == 302
        )
    response = post_application(client, page, valid_answers(keys, municipality="1103"))
    assert response.status_code == 429
    assert "mange søknader fra din nettverksadresse" in visible_text(response.content.decode())
    assert ApplicationSubmission.objects.count() == 2
    other = post_application(
        client, page, valid_answers(keys, municipality="1103"), REMOTE_ADDR="10.1.2.3"
    )
    assert other.status_code == 302


def test_a_tampered_or_missing_token_keeps_the_answers(client, page, keys):
    response = post_application(client, page, valid_answers(keys), token="forfalsket")
    assert response.status_code == 200
    assert "Skjemaet var utløpt eller ufullstendig" in visible_text(response.content.decode())
    assert 'value="Kari Nordmann"' in response.content.decode()
    assert not ApplicationSubmission.objects.exists()


def test_editors_do_not_see_applications_in_wagtails_submissions_views(
    client, page, keys, django_user_model
):
    from django.contrib.auth.models import Group

    post_application(client, page, valid_answers(keys))
    editor = django_user_model.objects.create_user("redaktor", password="x")
    editor.groups.add(Group.objects.get(name="Redaktører"))
    client.force_login(editor)
    listing = client.get(f"/admin/forms/submissions/{page.pk}/")
    assert listing.status_code in (302, 403)
    assert "Kari Nordmann" not in listing.content.decode()
    assert "Kari Nordmann" not in client.get("/admin/forms/").content.decode()
