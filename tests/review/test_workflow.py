"""One application: its page, the status workflow, assignment, notes, the dashboard panel
and the applicant's status link."""

from wagtail.models import ModelLogEntry

from forms.models import ApplicationNote
from tests.review.helpers import LIST_URL, make_application
from tests.text import visible_text

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
    entries = (
        ModelLogEntry.objects.for_instance(application)
        .filter(action="forms.application.status")
        .order_by("timestamp")
    )
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
    assert (
        ModelLogEntry.objects.for_instance(application)
        .filter(action="forms.application.assign")
        .count()
        == 1
    )


def test_internal_notes(client, users, application):
    client.force_login(users["reviewer"])
    client.post(f"{LIST_URL}{application.pk}/notat/", {"text": "Ring rektor før fristen."})
    note = ApplicationNote.objects.get()
    assert (note.author, note.text) == (users["reviewer"], "Ring rektor før fristen.")
    text = visible_text(client.get(f"{LIST_URL}inspect/{application.pk}/").content.decode())
    assert "Ring rektor før fristen." in text
    client.post(f"{LIST_URL}{application.pk}/notat/", {"text": ""})
    assert ApplicationNote.objects.count() == 1


# Dashboard


def test_dashboard_panel_for_reviewers(client, users, form_page, clock):
    from tests.conftest import oslo

    clock(oslo(2026, 4, 1, 12, 0))  # the window is open; deadline 13 April
    make_application(form_page, 1, municipality="4601")
    make_application(form_page, 2, municipality="4602", status="under_behandling")
    make_application(form_page, 3, municipality="0301")
    client.force_login(users["reviewer"])
    text = visible_text(client.get("/admin/").content.decode())
    panel = text[text.index("Søknader Program") :]
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
    assert (
        ModelLogEntry.objects.for_instance(application)
        .filter(action="forms.application.link_revoked", user=users["reviewer"])
        .exists()
    )
