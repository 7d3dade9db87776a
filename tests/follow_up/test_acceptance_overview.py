"""«Oppfølging» (applications/follow_up_views.py): reviewers see per round who has accepted,
who has not, and the deadline; filters; CSV and XLSX of the filtered rows; fixed queries."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import ModelLogEntry

import pytest

from forms.acceptance import accept, mark_not_accepted
from forms.models import GrantFollowUp
from tests.conftest import oslo
from tests.review.helpers import make_application

ROUNDS_URL = "/admin/oppfolging/"


def overview_url(page, query=""):
    return f"/admin/oppfolging/{page.pk}/{query}"


def export_url(page, file_format, query=""):
    return f"/admin/oppfolging/{page.pk}/eksport.{file_format}{query}"


@pytest.fixture
def round_of_three(form_page_with_acceptance, make_grant, granted_application):
    """Bergen awaiting (granted_application), Oslo accepted, Trondheim lapsed after the
    deadline of all three; and a rejected application that is not in the table."""
    oslo_grant = make_grant(form_page_with_acceptance, 2, municipality="0301")
    trondheim = make_grant(form_page_with_acceptance, 3, municipality="5001")
    make_application(form_page_with_acceptance, 4, municipality="1103", status="avslatt")
    accept(oslo_grant, "Kari Ås", "Kultursjef", "192.0.2.9")
    GrantFollowUp.objects.filter(submission=trondheim).update(
        acceptance_deadline=oslo(2026, 5, 1, 23, 59)
    )
    mark_not_accepted(oslo(2026, 5, 4, 12, 0))
    return {"bergen": granted_application, "oslo": oslo_grant, "trondheim": trondheim}


def denied(response):
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("anonymous", False),
        ("editor", False),
        ("moderator", False),
        ("assessor", False),
        ("reviewer", True),
        ("superuser", True),
    ],
)
def test_reviewers_only(client, users, assessor, round_of_three, form_page, who, allowed):
    if who == "assessor":
        client.force_login(assessor)
    elif who != "anonymous":
        client.force_login(users[who])
    for url in (ROUNDS_URL, overview_url(form_page), export_url(form_page, "csv")):
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, url
        elif who == "anonymous":
            assert response.status_code == 302 and "/admin/login/" in response.url, url
        else:
            assert denied(response), url
    assert ModelLogEntry.objects.filter(action="forms.application.export").exists() is allowed


def test_the_menu_shows_oppfolging_to_reviewers_only(client, users):
    client.force_login(users["reviewer"])
    assert ROUNDS_URL in client.get("/admin/").content.decode()
    client.force_login(users["editor"])
    assert ROUNDS_URL not in client.get("/admin/").content.decode()


def test_the_rounds_count_the_grants(client, users, round_of_three, form_page):
    client.force_login(users["reviewer"])
    html = client.get(ROUNDS_URL).content.decode()
    assert overview_url(form_page) in html
    assert "<td>3</td>" in html and "<td>1</td>" in html


def references(html):
    return sorted(
        ref
        for ref in ("VKU-2026-0001", "VKU-2026-0002", "VKU-2026-0003", "VKU-2026-0004")
        if ref in html
    )


def test_the_table_shows_state_and_deadline(client, users, round_of_three, form_page):
    client.force_login(users["reviewer"])
    html = client.get(overview_url(form_page)).content.decode()
    assert references(html) == ["VKU-2026-0001", "VKU-2026-0002", "VKU-2026-0003"]
    assert "Akseptert 4. mai 2026 kl. 10.00 av Kari Ås (Kultursjef)" in html
    assert "Ikke akseptert" in html and "Venter" in html
    assert "3. juni 2026 kl. 23.59" in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?aksept=akseptert", ["VKU-2026-0002"]),
        ("?aksept=venter", ["VKU-2026-0001"]),
        ("?aksept=ikke_akseptert", ["VKU-2026-0003"]),
        ("?aksept=ikke_krevd", []),
        ("?rapport=ingen", ["VKU-2026-0001", "VKU-2026-0002", "VKU-2026-0003"]),
        ("?rapport=mangler", []),
        # Nonsense is no filter, and no error.
        ("?aksept=%00%27&rapport=x", ["VKU-2026-0001", "VKU-2026-0002", "VKU-2026-0003"]),
    ],
)
def test_filters(client, users, round_of_three, form_page, query, expected):
    client.force_login(users["reviewer"])
    response = client.get(overview_url(form_page, query))
    assert response.status_code == 200
    table = response.content.decode().split("<table", 1)[-1]
    assert references(table) == expected


def test_the_export_has_the_filtered_rows(client, users, round_of_three, form_page):
    client.force_login(users["reviewer"])
    response = client.get(export_url(form_page, "csv", "?aksept=akseptert"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][:6] == [
        "Referanse",
        "Kommune",
        "Status",
        "Svarbrev",
        "Frist for aksept",
        "Aksept",
    ]
    assert [row[0] for row in rows[1:]] == ["VKU-2026-0002"]
    assert rows[1][5:9] == ["Akseptert", "2026-05-04 10:00:00", "Kari Ås", "Kultursjef"]
    logged = ModelLogEntry.objects.filter(action="forms.application.export")
    assert [entry.object_id for entry in logged] == [str(round_of_three["oslo"].pk)]


def test_the_xlsx_export(client, users, round_of_three, form_page):
    from openpyxl import load_workbook

    client.force_login(users["reviewer"])
    response = client.get(export_url(form_page, "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "VKU-2026-0001",
        "VKU-2026-0002",
        "VKU-2026-0003",
    ]
    assert client.get(export_url(form_page, "pdf")).status_code == 404


def test_the_report_form_gives_the_report_status_and_due_date(
    client, users, granted_application_with_report, form_page
):
    client.force_login(users["reviewer"])
    html = client.get(overview_url(form_page, "?rapport=mangler")).content.decode()
    assert "VKU-2026-0001" in html
    assert "Rapport mangler (frist 1. desember 2026)" in html


def test_the_table_costs_the_same_queries_for_5_and_40_grants(
    client, users, form_page_with_acceptance
):
    from forms.models import ApplicationSubmission

    def grant_many(start, count):
        for number in range(start, start + count):
            application = make_application(form_page_with_acceptance, number, status="innvilget")
            GrantFollowUp.objects.create(
                submission=application,
                letter_date=oslo(2026, 5, 4, 0, 0).date(),
                acceptance_deadline=oslo(2026, 6, 3, 23, 59),
                accepted_at=oslo(2026, 5, 5, 9, 0) if number % 2 else None,
            )

    client.force_login(users["reviewer"])

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(overview_url(form_page_with_acceptance)).status_code == 200
        return len(context.captured_queries)

    grant_many(100, 5)
    client.get(overview_url(form_page_with_acceptance))  # warm the caches once
    few = queries()
    grant_many(200, 35)
    assert ApplicationSubmission.objects.count() == 40
    assert queries() == few


def test_the_application_page_shows_who_accepted_and_from_where(client, users, round_of_three):
    from django.urls import reverse

    client.force_login(users["reviewer"])
    html = client.get(reverse("applications:inspect", args=[round_of_three["oslo"].pk]))
    html = html.content.decode()
    assert "Aksept av tilsagnet" in html
    assert "Kari Ås (Kultursjef)" in html and "192.0.2.9" in html
    lapsed = client.get(reverse("applications:inspect", args=[round_of_three["trondheim"].pk]))
    assert "Ikke akseptert: fristen gikk ut" in lapsed.content.decode()
