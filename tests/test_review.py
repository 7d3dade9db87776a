"""Program staff work the applications in the admin: «Søknader»."""

from urllib.parse import urlencode

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import ModelLogEntry

import pytest

from forms.models import ApplicationNote, ApplicationSubmission, Municipality
from tests.factories import (
    ApplicationFormPageFactory,
    ProgramIndexPageFactory,
    ProgramPageFactory,
)
from tests.text import visible_text

LIST_URL = "/admin/soknader/liste/"


@pytest.fixture
def form_page(home_page):
    program = ProgramPageFactory(parent=ProgramIndexPageFactory(parent=home_page))
    return ApplicationFormPageFactory(parent=program)


def make_application(form_page, number, municipality="4601", **fields):
    return ApplicationSubmission.objects.create(
        page=form_page, form_data={"navn": "Kari"}, reference=f"VKU-2026-{number:04d}",
        municipality=Municipality.objects.get(number=municipality),
        field_labels=[{"key": "navn", "label": "Navn", "type": "singleline"}],
        contact_name=fields.pop("contact_name", "Kari Nordmann"),
        applicant_email=fields.pop("applicant_email", "kari@bergen.kommune.no"), **fields,
    )


@pytest.fixture
def users(django_user_model):
    def member(name, group=None, **extra):
        user = django_user_model.objects.create_user(name, password="x", **extra)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return {
        "editor": member("redaktor", "Redaktører"),
        "moderator": member("moderator", "Moderatorer"),
        "reviewer": member("behandler", "Søknadsbehandlere"),
        "other_reviewer": member("behandler2", "Søknadsbehandlere"),
        "superuser": member("sjef", is_superuser=True),
    }


@pytest.fixture
def application(form_page):
    return make_application(form_page, 1)


# Who sees what


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("anonymous", False), ("editor", False), ("moderator", False), ("reviewer", True),
     ("superuser", True)],
)
def test_permission_matrix(client, users, application, who, allowed):
    if who != "anonymous":
        client.force_login(users[who])
    urls = [
        LIST_URL, f"{LIST_URL}inspect/{application.pk}/", f"{LIST_URL}history/{application.pk}/",
        f"{LIST_URL}usage/{application.pk}/", f"{LIST_URL}?export=csv",
        f"{LIST_URL}?export=xlsx",
    ]
    for url in urls:
        # Exports are posted (each one is logged); the rest are read.
        response = client.post(url) if "export" in url else client.get(url)
        content = (b"".join(response.streaming_content) if getattr(response, "streaming", False)
                   else response.content)
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


# One application


def test_the_application_page_shows_answers_history_and_notes(client, users, form_page):
    first = make_application(form_page, 1)
    second = make_application(form_page, 2, duplicate_of=first)
    client.force_login(users["reviewer"])
    text = visible_text(client.get(f"{LIST_URL}inspect/{second.pk}/").content.decode())
    assert "Navn Kari" in text
    assert "Mulige duplikater VKU-2026-0001" in text
    assert "Notatene vises aldri for søkeren." in text


def test_viewing_an_application_is_logged(client, users, application):
    client.force_login(users["reviewer"])
    client.get(f"{LIST_URL}inspect/{application.pk}/")
    entry = ModelLogEntry.objects.for_instance(application).get(action="forms.application.view")
    assert entry.user == users["reviewer"]


def test_status_changes_follow_the_workflow_and_are_logged(client, users, application):
    client.force_login(users["reviewer"])
    url = f"{LIST_URL}{application.pk}/status/"
    # Straight from Mottatt to Innvilget is not allowed.
    client.post(url, {"status": "innvilget"})
    application.refresh_from_db()
    assert application.status == "mottatt"
    for status in ["under_behandling", "innvilget"]:
        client.post(url, {"status": status})
    application.refresh_from_db()
    assert application.status == "innvilget"
    entries = ModelLogEntry.objects.for_instance(application).filter(
        action="forms.application.status").order_by("timestamp")
    assert [(e.data["from"], e.data["to"], e.user) for e in entries] == [
        ("mottatt", "under_behandling", users["reviewer"]),
        ("under_behandling", "innvilget", users["reviewer"]),
    ]
    page = visible_text(client.get(f"{LIST_URL}inspect/{application.pk}/").content.decode())
    assert "behandler: Status endret fra «Under behandling» til «Innvilget»" in page
    # And in the admin's site history.
    history = visible_text(client.get("/admin/reports/site-history/").content.decode())
    assert "Status endret fra «Mottatt» til «Under behandling»" in history


def test_withdrawn_at_any_point_and_then_final(client, users, application):
    client.force_login(users["reviewer"])
    url = f"{LIST_URL}{application.pk}/status/"
    client.post(url, {"status": "trukket"})
    client.post(url, {"status": "under_behandling"})
    application.refresh_from_db()
    assert application.status == "trukket"


def test_assigning_a_reviewer(client, users, application):
    client.force_login(users["reviewer"])
    client.post(f"{LIST_URL}{application.pk}/tildel/", {"assigned_to": users["other_reviewer"].pk})
    application.refresh_from_db()
    assert application.assigned_to == users["other_reviewer"]
    # Only members of the group can be assigned.
    client.post(f"{LIST_URL}{application.pk}/tildel/", {"assigned_to": users["editor"].pk})
    application.refresh_from_db()
    assert application.assigned_to == users["other_reviewer"]
    assert ModelLogEntry.objects.for_instance(application).filter(
        action="forms.application.assign").count() == 1


def test_internal_notes(client, users, application):
    client.force_login(users["reviewer"])
    client.post(f"{LIST_URL}{application.pk}/notat/", {"text": "Ring rektor før fristen."})
    note = ApplicationNote.objects.get()
    assert (note.author, note.text) == (users["reviewer"], "Ring rektor før fristen.")
    text = visible_text(client.get(f"{LIST_URL}inspect/{application.pk}/").content.decode())
    assert "Ring rektor før fristen." in text
    client.post(f"{LIST_URL}{application.pk}/notat/", {"text": ""})
    assert ApplicationNote.objects.count() == 1


# The listing


def listed(client, **params):
    html = client.get(LIST_URL, params).content.decode()
    return sorted(set(__import__("re").findall(r"VKU-2026-\d{4}", html)))


def test_filters_and_search(client, users, form_page):
    make_application(form_page, 1, municipality="4601", status="mottatt")
    make_application(form_page, 2, municipality="0301", status="under_behandling",
                     contact_name="Ola Hansen", applicant_email="ola@oslo.kommune.no")
    make_application(form_page, 3, municipality="1103", status="mottatt",
                     assigned_to=users["reviewer"])
    client.force_login(users["reviewer"])
    assert listed(client) == ["VKU-2026-0001", "VKU-2026-0002", "VKU-2026-0003"]
    assert listed(client, status="mottatt") == ["VKU-2026-0001", "VKU-2026-0003"]
    assert listed(client, county="Oslo") == ["VKU-2026-0002"]
    assert listed(client, assigned_to=users["reviewer"].pk) == ["VKU-2026-0003"]
    assert listed(client, page=form_page.pk) == ["VKU-2026-0001", "VKU-2026-0002",
                                                  "VKU-2026-0003"]
    assert listed(client, q="Hansen") == ["VKU-2026-0002"]
    assert listed(client, q="ola@oslo") == ["VKU-2026-0002"]
    assert listed(client, q="Stavanger") == ["VKU-2026-0003"]
    assert listed(client, q="VKU-2026-0001") == ["VKU-2026-0001"]


def test_duplicates_are_marked_in_the_listing(client, users, form_page):
    first = make_application(form_page, 1)
    make_application(form_page, 2, duplicate_of=first)
    make_application(form_page, 3, municipality="0301")
    client.force_login(users["reviewer"])
    assert listed(client, possible_duplicate="true") == ["VKU-2026-0001", "VKU-2026-0002"]


def count_listing_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL)
    assert response.status_code == 200
    return len(queries)


def test_listing_cost_does_not_grow_with_the_number_of_applications(client, users, form_page):
    client.force_login(users["reviewer"])
    first = make_application(form_page, 1)
    for number in range(2, 11):
        make_application(form_page, number, duplicate_of=first, assigned_to=users["reviewer"])
    with_ten = count_listing_queries(client)
    municipalities = list(Municipality.objects.all()[:50])
    ApplicationSubmission.objects.bulk_create(
        ApplicationSubmission(
            page=form_page, form_data={}, reference=f"VKU-2027-{n:04d}",
            municipality=municipalities[n % 50], field_labels=[],
            assigned_to=users["other_reviewer"],
        )
        for n in range(1, 991)
    )
    assert ApplicationSubmission.objects.count() == 1000
    with_thousand = count_listing_queries(client)
    assert with_thousand == with_ten


# Export


def exported_csv(client, **params):
    import csv
    import io

    response = client.post(f"{LIST_URL}?{urlencode({'export': 'csv', **params})}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())  # so Excel reads æøå as UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


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
    assert 'method="post"' in page and "href=\"/admin/soknader/liste/?export" not in page
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


# Bulk actions

BULK = "/admin/bulk/forms/applicationsubmission/{action}/"


def bulk_url(action, *applications):
    ids = "&".join(f"id={a.pk}" for a in applications)
    return f"{BULK.format(action=action)}?{ids}&next={LIST_URL}"


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
    assert ModelLogEntry.objects.for_instance(in_review).filter(
        action="forms.application.status", user=users["reviewer"]).exists()


def test_bulk_assign(client, users, form_page):
    applications = [make_application(form_page, n) for n in (1, 2)]
    client.force_login(users["reviewer"])
    client.post(bulk_url("assign", *applications), {"assigned_to": users["reviewer"].pk})
    assert set(ApplicationSubmission.objects.values_list("assigned_to", flat=True)) == {
        users["reviewer"].pk}


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
    export_url = html_lib.unescape(re.search(
        r'<form action="(/admin/soknader/liste/\?export=csv[^"]*)" method="post"', page
    ).group(1))
    response = client.post(export_url)
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))[1:]
    assert sorted(row[0] for row in rows) == ["VKU-2026-0001", "VKU-2026-0003"]


def test_bulk_actions_are_for_reviewers_only(client, users, application):
    client.force_login(users["editor"])
    client.post(bulk_url("change_status", application), {"status": "under_behandling"})
    application.refresh_from_db()
    assert application.status == "mottatt"


# Reply letters


@pytest.fixture
def decided(form_page):
    program = form_page.get_parent().specific
    program.reply_date = __import__("datetime").date(2026, 4, 30)
    program.save()
    return {
        status: make_application(form_page, n, status=status, municipality=municipality,
                                 contact_name=f"Kontakt {n}",
                                 applicant_email=f"soker{n}@kommune.no")
        for n, (status, municipality) in enumerate(
            [("innvilget", "4601"), ("avslatt", "0301"), ("venteliste", "1103"),
             ("under_behandling", "5001"), ("mottatt", "1515")], start=1)
    }


def test_reply_letters_are_rendered_from_the_templates(decided):
    from applications.reply_letters import render_letter

    subject, body = render_letter(decided["innvilget"])
    assert subject.startswith("Svar på søknad VKU-2026-0001: ")
    assert body.startswith("Hei Kontakt 1,")
    assert "Bergen er tatt opp i" in body
    _, rejected = render_letter(decided["avslatt"])
    assert "Oslo - Oslove" in rejected and "ikke fått plass" in rejected
    _, waiting = render_letter(decided["venteliste"])
    assert "står på venteliste" in waiting


def test_unknown_placeholders_are_refused_in_norwegian(form_page):
    from django.core.exceptions import ValidationError

    letter = form_page.reply_letter_texts.get(decision="innvilget")
    letter.body = "Hei {navn}, du fikk plass."
    with pytest.raises(ValidationError) as error:
        letter.full_clean()
    assert "Ukjent felt: {navn}" in str(error.value)


def test_reply_letters_go_once_and_only_to_decided_applications(
    client, users, decided, django_capture_on_commit_callbacks
):
    from django.core import mail

    from forms.models import ReplyLetter

    client.force_login(users["reviewer"])
    everyone = list(decided.values())
    url = bulk_url("send_reply_letters", *everyone)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {})
    assert sorted(m.to[0] for m in mail.outbox) == [
        "soker1@kommune.no", "soker2@kommune.no", "soker3@kommune.no"]
    letters = ReplyLetter.objects.filter(sent_at__isnull=False)
    assert {(x.submission.reference, x.decision, x.sent_by) for x in letters} == {
        ("VKU-2026-0001", "innvilget", users["reviewer"]),
        ("VKU-2026-0002", "avslatt", users["reviewer"]),
        ("VKU-2026-0003", "venteliste", users["reviewer"]),
    }
    assert ModelLogEntry.objects.filter(action="forms.application.reply_sent").count() == 3

    # Sending again sends nothing new, unless staff explicitly resend.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {})
    assert len(mail.outbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk_url("send_reply_letters", decided["innvilget"]), {"resend": "on"})
    assert len(mail.outbox) == 4
    # A changed decision gets its own letter.
    decided["venteliste"].status = "innvilget"
    decided["venteliste"].save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk_url("send_reply_letters", decided["venteliste"]), {})
    assert len(mail.outbox) == 5
    assert "er tatt opp i" in mail.outbox[-1].body


def test_reply_letter_from_the_application_page(
    client, users, decided, django_capture_on_commit_callbacks
):
    from django.core import mail

    client.force_login(users["reviewer"])
    granted = decided["innvilget"]
    page = visible_text(client.get(f"{LIST_URL}inspect/{granted.pk}/").content.decode())
    assert "Forhåndsvisning Svar på søknad VKU-2026-0001" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{LIST_URL}{granted.pk}/svarbrev/")
    assert [m.to for m in mail.outbox] == [["soker1@kommune.no"]]
    undecided = decided["mottatt"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{LIST_URL}{undecided.pk}/svarbrev/")
    assert len(mail.outbox) == 1
    page = visible_text(client.get(f"{LIST_URL}inspect/{undecided.pk}/").content.decode())
    assert "Svarbrev kan sendes når søknaden er innvilget" in page


# Dashboard


def test_dashboard_panel_for_reviewers(client, users, form_page, clock):
    from tests.conftest import oslo

    clock(oslo(2026, 4, 1, 12, 0))  # the window is open; deadline 13 April
    make_application(form_page, 1, municipality="4601")
    make_application(form_page, 2, municipality="4602", status="under_behandling")
    make_application(form_page, 3, municipality="0301")
    client.force_login(users["reviewer"])
    text = visible_text(client.get("/admin/").content.decode())
    panel = text[text.index("Søknader Program"):]
    assert "Søknadsfrist om 12 dager. 3 søknader i alt." in panel
    assert "Mottatt Under behandling Innvilget Avslått Venteliste Trukket 2 1 0 0 0 0" in panel
    assert "Vestland 2" in panel and "Oslo 1" in panel
    client.force_login(users["editor"])
    assert "Søknadsfrist om" not in visible_text(client.get("/admin/").content.decode())


def test_staff_can_revoke_the_applicants_status_link(client, users, application):
    client.force_login(users["reviewer"])
    client.post(f"{LIST_URL}{application.pk}/trekk-lenke/")
    application.refresh_from_db()
    assert application.status_link_revoked
    assert ModelLogEntry.objects.for_instance(application).filter(
        action="forms.application.link_revoked", user=users["reviewer"]).exists()


# Outreach before the deadline


def test_who_has_applied_per_county(client, users, form_page):
    import csv
    import io

    make_application(form_page, 1, municipality="4601")  # Bergen, Vestland
    make_application(form_page, 2, municipality="1515", status="trukket")  # withdrawn
    client.force_login(users["reviewer"])
    url = f"/admin/soknader/hvem-har-sokt/?skjema={form_page.pk}"
    text = visible_text(client.get(url).content.decode())
    assert "1 av 357 kommuner har søkt." in text
    assert "Bergen (4601) Ja: VKU-2026-0001" in text
    assert "Herøy (1515) Nei" in text
    response = client.get(url + "&export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")),
                           delimiter=";"))
    assert rows[0] == ["Kommunenummer", "Kommune", "Fylke", "Har søkt", "Referanser"]
    assert ["4601", "Bergen", "Vestland", "Ja", "VKU-2026-0001"] in rows
    assert len(rows) == 358
    client.force_login(users["editor"])
    assert client.get(url).status_code in (302, 403)
