"""«Habilitet» in the account settings: an assessor lists the municipalities they have ties
to; the panel is shown, and its form read, only for those who may assess."""

import pytest

from applications.models import AssessorProfile
from tests.text import visible_text

ACCOUNT_URL = "/admin/account/"


def account_form(client):
    """The account page's form as posted unchanged: every panel's fields (the name panel
    needs its values to be valid)."""
    user = client.get(ACCOUNT_URL).context["user"]
    return {
        "name_email-first_name": user.first_name or "Fornavn",
        "name_email-last_name": user.last_name or "Etternavn",
        "name_email-email": user.email or f"{user.username}@example.no",
        "locale-preferred_language": "nb",
        "locale-current_time_zone": "",
        "theme-theme": "system",
        "theme-density": "default",
        "theme-contrast": "system",
        "theme-keyboard_shortcuts": "on",
    }


def test_an_assessor_saves_the_municipalities_they_are_tied_to(client, assessors):
    client.force_login(assessors[0])
    page = client.get(ACCOUNT_URL).content.decode()
    text = visible_text(page)
    assert "Habilitet" in text and "Kommuner jeg har tilknytning til" in text
    assert "Herøy (Møre og Romsdal)" in text and "Herøy (Nordland - Nordlánnda)" in text
    assert not AssessorProfile.objects.exists()  # showing the page writes nothing
    data = {**account_form(client), "habilitet-tied_municipalities": ["4601", "0301"]}
    response = client.post(ACCOUNT_URL, data)
    assert response.status_code == 302, visible_text(response.content.decode())
    profile = AssessorProfile.objects.get(user=assessors[0])
    assert set(profile.tied_municipalities.values_list("number", flat=True)) == {"4601", "0301"}
    # Shown as chosen, then emptied again.
    assert 'value="4601" selected' in client.get(ACCOUNT_URL).content.decode()
    client.post(ACCOUNT_URL, account_form(client))
    assert not profile.tied_municipalities.exists()
    assert AssessorProfile.objects.count() == 1


def test_a_reviewer_has_the_panel_too(client, users):
    client.force_login(users["reviewer"])
    assert "Kommuner jeg har tilknytning til" in client.get(ACCOUNT_URL).content.decode()


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_others_neither_see_nor_set_ties(client, users, role):
    client.force_login(users[role])
    assert "Kommuner jeg har tilknytning til" not in client.get(ACCOUNT_URL).content.decode()
    data = {**account_form(client), "habilitet-tied_municipalities": ["4601"]}
    assert client.post(ACCOUNT_URL, data).status_code == 302
    assert not AssessorProfile.objects.exists()


def test_a_superuser_without_the_permissions_is_no_assessor(client, users):
    # may_assess: a superuser holds every permission, so the panel is theirs too.
    client.force_login(users["superuser"])
    assert "Kommuner jeg har tilknytning til" in client.get(ACCOUNT_URL).content.decode()


def test_an_unknown_municipality_is_a_form_error(client, assessors):
    client.force_login(assessors[0])
    for bad in ("9999", "abc"):
        data = {**account_form(client), "habilitet-tied_municipalities": [bad]}
        response = client.post(ACCOUNT_URL, data)
        assert response.status_code == 200
        assert "Velg kommuner fra listen." in visible_text(response.content.decode())
    assert not AssessorProfile.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.post(ACCOUNT_URL, {"habilitet-tied_municipalities": ["4601"]})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not AssessorProfile.objects.exists()
