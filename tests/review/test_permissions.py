"""Who sees what: reviewers work the applications; editors, moderators and nobody else
add, copy or delete them."""

import json
import re

import pytest

from forms.models import ApplicationSubmission
from tests.assessment.helpers import make_assessor
from tests.review.helpers import LIST_URL


@pytest.fixture
def users(users, django_user_model):
    """The review staff, and a panel member from outside (group «Eksterne fagvurderere»)."""
    return {**users, "outside_assessor": make_assessor(django_user_model, "fagvurderer")}


# Who sees what


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("editor", False),
        ("moderator", False),
        ("outside_assessor", False),
        ("reviewer", True),
        ("superuser", True),
    ],
)
def test_permission_matrix(client, users, application, who, allowed):
    if who != "anonymous":
        client.force_login(users[who])
    urls = [
        LIST_URL,
        f"{LIST_URL}inspect/{application.pk}/",
        f"{LIST_URL}history/{application.pk}/",
        f"{LIST_URL}usage/{application.pk}/",
        f"{LIST_URL}?export=csv",
        f"{LIST_URL}?export=xlsx",
    ]
    for url in urls:
        # Exports are posted (each one is logged); the rest are read.
        response = client.post(url) if "export" in url else client.get(url)
        content = (
            b"".join(response.streaming_content)
            if getattr(response, "streaming", False)
            else response.content
        )
        if allowed:
            assert response.status_code == 200, url
            if "usage" not in url and "xlsx" not in url:
                assert b"VKU-2026-0001" in content, url
        else:
            assert response.status_code in (302, 403), url
            assert b"VKU-2026-0001" not in content, url
    response = client.post(f"{LIST_URL}{application.pk}/status/", {"status": "under_behandling"})
    application.refresh_from_db()
    assert (application.status == "under_behandling") is allowed
    if who in ("editor", "outside_assessor", "reviewer"):
        items = sidebar_menu_items(client.get("/admin/").content.decode())
        assert any(item.get("label") for item in items)  # the parser sees the menu
        shows_applications = any(
            item.get("label") == "Søknader" or item.get("url") == LIST_URL for item in items
        )
        assert shows_applications is allowed


def sidebar_menu_items(html):
    """Every menu item in Wagtail's sidebar, which is JSON in a script, not visible text."""
    found = re.search(
        r'<script[^>]*id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.DOTALL
    )
    assert found, "no sidebar props in the admin page"
    items = []

    def walk(node):
        if isinstance(node, dict):
            if "label" in node and ("url" in node or "name" in node):
                items.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(found.group(1)))
    return items


def test_nobody_adds_copies_or_deletes_applications_in_the_admin(client, users, application):
    client.force_login(users["superuser"])
    assert client.get(f"{LIST_URL}add/").status_code in (302, 403, 404)
    client.post(f"{LIST_URL}delete/{application.pk}/")
    assert ApplicationSubmission.objects.filter(pk=application.pk).exists()
    # The edit view leads to the application's page; answers are never edited.
    response = client.get(f"{LIST_URL}edit/{application.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{LIST_URL}inspect/{application.pk}/"
