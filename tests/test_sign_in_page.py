"""The admin's sign-in pages carry the organisation's name, not Wagtail's."""

import re

from django.contrib.auth.models import Group
from django.test import override_settings

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def heading_and_title(response):
    assert response.status_code == 200
    html = response.content.decode()
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    return " ".join(heading.split()), " ".join(title.split())


def test_the_sign_in_page_names_the_organisation(client):
    heading, title = heading_and_title(client.get("/admin/login/"))
    assert heading == "Logg inn hos Kulturskolerådet"
    assert title.endswith("- Kulturskolerådet")
    assert "Wagtail" not in heading + title


def test_the_sign_in_page_names_the_organisation_in_english_too(client):
    heading, title = heading_and_title(
        client.get("/admin/login/", headers={"accept-language": "en"})
    )
    assert "Kulturskolerådet" in heading and "Wagtail" not in heading
    assert title.endswith("- Kulturskolerådet")


@override_settings(STAFF_TWO_FACTOR_REQUIRED=True)
@pytest.mark.parametrize("has_device", [False, True], ids=["set-up", "code"])
def test_the_two_factor_step_names_the_organisation(client, django_user_model, has_device):
    editor = django_user_model.objects.create_user("redaktor", password="passord-for-test")
    editor.groups.add(Group.objects.get(name="Redaktører"))
    if has_device:
        TOTPDevice.objects.create(user=editor, name="Autentiseringsapp", confirmed=True)
    client.force_login(editor)
    response = client.get("/admin/pages/", follow=True)
    _heading, title = heading_and_title(response)
    assert title.endswith("- Kulturskolerådet")
