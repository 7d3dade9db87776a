"""The admin speaks Norwegian, and `make run`'s local admin user is for development only."""

import io

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

import pytest

from home.management.commands import ensure_dev_admin


def test_the_admin_is_in_norwegian_bokmal(admin_client):
    response = admin_client.get("/admin/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="nb"' in html
    assert "Sider" in html  # «Pages» in the menu
    assert "Pages" not in html


def test_login_page_is_in_norwegian(client, db):
    html = client.get("/admin/login/").content.decode()
    assert "Logg inn" in html


@pytest.fixture
def password_file(tmp_path, monkeypatch):
    path = tmp_path / ".dev-admin-password"
    monkeypatch.setattr(ensure_dev_admin, "PASSWORD_FILE", path)
    return path


@override_settings(DEBUG=True)
def test_dev_admin_is_created_once_with_the_printed_password(db, password_file):
    out = io.StringIO()
    call_command("ensure_dev_admin", stdout=out)
    password = password_file.read_text().strip()
    assert "Brukernavn: admin" in out.getvalue()
    assert f"Passord:    {password}" in out.getvalue()
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)

    call_command("ensure_dev_admin", stdout=io.StringIO())
    assert get_user_model().objects.filter(username="admin").count() == 1
    assert password_file.read_text().strip() == password


def test_dev_admin_is_refused_without_debug(db, password_file):
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("ensure_dev_admin", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="admin").exists()
    assert not password_file.exists()
