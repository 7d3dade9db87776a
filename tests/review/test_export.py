"""Exports to CSV and XLSX: one column per question, Norwegian headers, reviewers only."""

from wagtail.models import ModelLogEntry

import pytest

from tests.review.helpers import LIST_URL, bulk_url, exported_csv, make_application
from tests.text import visible_text

# Export


def test_export_has_one_column_per_question_with_norwegian_headers(client, users, form_page):
    make_application(form_page, 1, municipality="1515")  # Herøy (Møre og Romsdal)
    second = make_application(form_page, 2, municipality="0301", status="under_behandling")
    second.field_labels = [
        {"key": "navn", "label": "Navn", "type": "singleline"},
        {"key": "begrunnelse_ab12cd", "label": "Hvorfor søker dere?", "type": "multiline"},
    ]
    second.form_data = {"navn": "Åse Ødegård", "begrunnelse_ab12cd": "Vi ønsker å lære."}
    second.save()
    client.force_login(users["reviewer"])
    header, *rows = exported_csv(client)
    assert header[:2] == ["Referanse", "Status"]
    assert header[-2:] == ["Navn", "Hvorfor søker dere?"]
    assert "Fylke" in header and "Kommune" in header
    by_reference = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_reference["VKU-2026-0002"]["Navn"] == "Åse Ødegård"
    assert by_reference["VKU-2026-0002"]["Hvorfor søker dere?"] == "Vi ønsker å lære."
    assert by_reference["VKU-2026-0002"]["Status"] == "Under behandling"
    assert by_reference["VKU-2026-0001"]["Kommune"] == "Herøy"
    assert by_reference["VKU-2026-0001"]["Fylke"] == "Møre og Romsdal"
    assert by_reference["VKU-2026-0001"]["Hvorfor søker dere?"] == ""
    # The export follows the listing's filters.
    header, *rows = exported_csv(client, status="under_behandling")
    assert [row[0] for row in rows] == ["VKU-2026-0002"]
    # Exporting is a read of personal data, and is logged as such.
    assert ModelLogEntry.objects.filter(action="forms.application.export").count() == 3


def test_export_to_xlsx(client, users, form_page):
    import io

    from openpyxl import load_workbook

    make_application(form_page, 1)
    client.force_login(users["reviewer"])
    response = client.post(f"{LIST_URL}?export=xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.values)
    assert rows[0][:3] == ("Referanse", "Status", "Kommune")
    assert rows[1][:3] == ("VKU-2026-0001", "Mottatt", "Bergen")
    assert rows[0][-1] == "Navn" and rows[1][-1] == "Kari"


def test_an_export_link_adds_no_audit_entry(client, users, application):
    """A GET (a link, an image, a prefetch) asks; only the posted form exports and logs."""
    client.force_login(users["reviewer"])
    for export in ("csv", "xlsx"):
        response = client.get(LIST_URL, {"export": export, "status": "mottatt"})
        assert response.status_code == 200
        assert not getattr(response, "streaming", False)
        html = response.content.decode()
        assert f'action="{LIST_URL}?export={export}&amp;status=mottatt" method="post"' in html
        assert "csrfmiddlewaretoken" in html
        assert "1 søknad lastes ned" in visible_text(html)
    page = client.get(bulk_url("export", application)).content.decode()
    assert 'method="post"' in page and 'href="/admin/soknader/liste/?export' not in page
    assert not ModelLogEntry.objects.filter(action="forms.application.export").exists()


def test_an_export_without_the_csrf_token_is_refused(users, application):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["reviewer"])
    response = client.post(f"{LIST_URL}?export=csv")
    assert response.status_code == 403
    assert not ModelLogEntry.objects.filter(action="forms.application.export").exists()


@pytest.mark.parametrize("who", ["editor", "moderator"])
def test_export_is_for_reviewers_only(client, users, application, who):
    client.force_login(users[who])
    response = client.post(f"{LIST_URL}?export=csv")
    assert response.status_code in (302, 403)
    assert not getattr(response, "streaming", False)
