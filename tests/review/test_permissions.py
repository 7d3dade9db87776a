"""Who sees what: reviewers work the applications; editors, moderators and nobody else
add, copy or delete them."""

import pytest

from forms.models import ApplicationSubmission
from tests.review.helpers import LIST_URL
from tests.text import visible_text

# Who sees what


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("editor", False),
        ("moderator", False),
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
    if who == "editor":
        menu = client.get("/admin/").content.decode()
        assert "Søknader" not in visible_text(menu.split("</nav>")[0] if "</nav>" in menu else menu)


def test_nobody_adds_copies_or_deletes_applications_in_the_admin(client, users, application):
    client.force_login(users["superuser"])
    assert client.get(f"{LIST_URL}add/").status_code in (302, 403, 404)
    client.post(f"{LIST_URL}delete/{application.pk}/")
    assert ApplicationSubmission.objects.filter(pk=application.pk).exists()
    # The edit view leads to the application's page; answers are never edited.
    response = client.get(f"{LIST_URL}edit/{application.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{LIST_URL}inspect/{application.pk}/"
