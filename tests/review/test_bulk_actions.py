"""Bulk actions on a selection: status, assignment, export; reviewers only."""

from wagtail.models import ModelLogEntry

from forms.models import ApplicationSubmission
from tests.review.helpers import bulk_url, make_application
from tests.text import visible_text

# Bulk actions


def test_bulk_status_change_respects_the_workflow(client, users, form_page):
    received = make_application(form_page, 1)
    in_review = make_application(form_page, 2, status="under_behandling")
    client.force_login(users["reviewer"])
    url = bulk_url("change_status", received, in_review)
    page = visible_text(client.get(url).content.decode())
    assert "VKU-2026-0001" in page and "VKU-2026-0002" in page
    response = client.post(url, {"status": "avslatt"})
    assert response.status_code == 302
    received.refresh_from_db()
    in_review.refresh_from_db()
    assert (received.status, in_review.status) == ("mottatt", "avslatt")
    assert (
        ModelLogEntry.objects.for_instance(in_review)
        .filter(action="forms.application.status", user=users["reviewer"])
        .exists()
    )


def test_bulk_assign(client, users, form_page):
    applications = [make_application(form_page, n) for n in (1, 2)]
    client.force_login(users["reviewer"])
    client.post(bulk_url("assign", *applications), {"assigned_to": users["reviewer"].pk})
    assert set(ApplicationSubmission.objects.values_list("assigned_to", flat=True)) == {
        users["reviewer"].pk
    }


def test_bulk_export_of_the_selection(client, users, form_page):
    import csv
    import html as html_lib
    import io
    import re

    first = make_application(form_page, 1)
    make_application(form_page, 2)
    third = make_application(form_page, 3)
    client.force_login(users["reviewer"])
    page = client.get(bulk_url("export", first, third)).content.decode()
    export_url = html_lib.unescape(
        re.search(
            r'<form action="(/admin/soknader/liste/\?export=csv[^"]*)" method="post"', page
        ).group(1)
    )
    response = client.post(export_url)
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))[1:]
    assert sorted(row[0] for row in rows) == ["VKU-2026-0001", "VKU-2026-0003"]


def test_bulk_actions_are_for_reviewers_only(client, users, application):
    client.force_login(users["editor"])
    client.post(bulk_url("change_status", application), {"status": "under_behandling"})
    application.refresh_from_db()
    assert application.status == "mottatt"
