"""Staff sessions end after a working day without use (8 hours), not Django's two weeks;
public pages stay free of cookies, so the page cache keeps them."""

from datetime import timedelta

import pytest

from tests.conftest import oslo

START = oslo(2026, 3, 2, 8, 0)
IDLE_LIMIT = timedelta(hours=8)


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser(
        "redaktor", "redaktor@kulturskoleradet.no", "riktig-passord-123"
    )


def opens_the_admin(client):
    response = client.get("/admin/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_a_staff_session_unused_for_eight_hours_no_longer_opens_the_admin(client, staff, clock):
    clock(START)
    client.force_login(staff)
    assert opens_the_admin(client)
    clock(START + IDLE_LIMIT + timedelta(minutes=1))
    assert not opens_the_admin(client)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_a_staff_session_used_within_the_window_stays_open(client, staff, clock):
    clock(START)
    client.force_login(staff)
    # A long day with pauses of seven hours: each use moves the end on.
    for hours in (7, 14, 21):
        clock(START + timedelta(hours=hours))
        assert opens_the_admin(client), f"signed out after {hours} hours"


def test_public_pages_set_no_session_cookie_and_stay_cached(client, home_page):
    first = client.get("/")
    assert "sessionid" not in first.cookies
    second = client.get("/")
    assert second["X-Page-Cache"] == "hit"
