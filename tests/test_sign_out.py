"""Signing out of the admin ends the session on the server: a copy of the old session
cookie no longer opens the admin, whether the sign-out was a POST (the menu's button) or
a GET (a typed or linked /admin/logout/)."""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

import pytest


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("redaktor", password="x", is_superuser=True)


@pytest.mark.parametrize("method", ["get", "post"])
def test_sign_out_ends_the_server_side_session(staff, method):
    browser = Client()
    browser.force_login(staff)
    old_cookie = browser.cookies[settings.SESSION_COOKIE_NAME].value
    assert browser.get("/admin/").status_code == 200

    response = getattr(browser, method)("/admin/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/"
    assert not Session.objects.filter(session_key=old_cookie).exists()

    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
    response = thief.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_sign_out_says_so_in_norwegian(staff):
    browser = Client()
    browser.force_login(staff)
    response = browser.get("/admin/logout/", follow=True)
    assert "Du er nå logget ut." in response.content.decode()
