"""Subscribers are personal data: only staff with the dedicated permission see them in the
admin, not editors or moderators, and not through Wagtail's own listings or search."""

from django.contrib.auth.models import Group, Permission

import pytest

from newsletter.models import Subscription

LISTING = "/admin/nyhetsvarsel/"


@pytest.fixture
def subscription(db):
    return Subscription.objects.create(
        email="kari@eksempel.no", language="nb", news=True, consent_version="v", consent_text="t"
    )


def staff(django_user_model, group_name):
    user = django_user_model.objects.create_user(
        username=group_name.lower(), password="passord-for-test"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.mark.parametrize("group_name", ["Redaktører", "Moderatorer", "Søknadsbehandlere"])
def test_staff_groups_see_no_subscribers(client, django_user_model, subscription, group_name):
    client.force_login(staff(django_user_model, group_name))
    for url in (
        LISTING,
        f"{LISTING}results/",
        f"{LISTING}inspect/{subscription.pk}/",
        f"{LISTING}?q=kari",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "kari@eksempel.no" not in response.content.decode()
    dashboard = client.get("/admin/").content.decode()
    assert LISTING not in dashboard  # no menu item
    # Not a snippet: neither the snippet listing nor the admin's search knows it.
    assert client.get("/admin/snippets/newsletter/subscription/").status_code == 404
    search = client.get("/admin/search/?q=kari%40eksempel.no").content.decode()
    assert "kari@eksempel.no" not in search.split("</form>", 1)[-1].replace("kari%40", "")


def test_the_dedicated_permission_shows_them_read_only(client, django_user_model, subscription):
    user = django_user_model.objects.create_user(username="personvern", password="x")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_subscription"),
    )
    client.force_login(user)
    assert LISTING in client.get("/admin/").content.decode()
    listing = client.get(LISTING)
    assert listing.status_code == 200
    assert "kari@eksempel.no" in listing.content.decode()
    assert "Varsler om" in listing.content.decode()  # the staff's Norwegian column heading
    assert "kari@eksempel.no" in client.get(f"{LISTING}?q=kari").content.decode()
    inspect = client.get(f"{LISTING}inspect/{subscription.pk}/")
    assert inspect.status_code == 200
    assert "kari@eksempel.no" in inspect.content.decode()
    # No way to add, edit or delete in the admin.
    for url in (f"{LISTING}new/", f"{LISTING}edit/{subscription.pk}/"):
        assert client.get(url).status_code == 404


def test_no_staff_group_has_the_permission(db):
    assert not Group.objects.filter(permissions__codename="view_subscription").exists()
