"""The round's published results: generated from the decisions once the letters have gone,
never personal data, followed by the decisions until the round is closed, and never taking
an editor's draft live."""

import datetime

from django.test.utils import override_settings

from wagtail.models import PageLogEntry

import pytest

from applications.reply_letters import REPLY_LETTER, queue_reply_letters
from applications.results import (
    close_round,
    publish_results,
    regenerate,
    reopen_round,
    result_rows,
    results_page_of,
)
from applications.results_page import ResultsPage
from forms.models import ReplyLetter
from tests.conftest import oslo
from tests.follow_up.results_helpers import (
    ALESUND,
    BODO,
    DRAMMEN,
    OSLO_KOMMUNE,
    decided,
    letter_sent,
    municipalities_listed,
    publish_all_applicants,
)
from website import outgoing_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(users):
    return users["reviewer"]


@pytest.fixture
def publish(reviewer):
    """publish(form_page): the round's results published by a reviewer."""
    return lambda page: publish_results(page, reviewer)


# Which rows


def test_only_granted_applications_whose_letter_has_gone_are_listed(form_page):
    decided(form_page, 1)  # Bergen, granted, letter sent
    decided(form_page, 2, municipality=OSLO_KOMMUNE, letter=False)  # granted, no letter yet
    decided(form_page, 3, status="avslatt", municipality=BODO)
    decided(form_page, 4, status="venteliste", municipality=ALESUND)
    decided(form_page, 5, status="trukket", municipality=DRAMMEN)
    assert [row["municipality"] for row in result_rows(form_page)] == ["Bergen"]


def test_a_letter_for_an_earlier_decision_does_not_count(form_page):
    application = decided(form_page, 1, status="venteliste")
    application.change_status("innvilget")
    assert result_rows(form_page) == []
    letter_sent(application)
    assert [row["decision"] for row in result_rows(form_page)] == ["innvilget"]


def test_every_applicant_with_the_decision_when_the_form_says_so(form_page):
    all_applicants = publish_all_applicants(form_page)
    decided(all_applicants, 1, status="avslatt", municipality=OSLO_KOMMUNE)
    decided(all_applicants, 2, status="venteliste", municipality=BODO)
    decided(all_applicants, 3, municipality=DRAMMEN)
    decided(all_applicants, 4, municipality=ALESUND)
    decided(all_applicants, 5)  # Bergen
    decided(all_applicants, 6, status="trukket", municipality="5001")
    decided(all_applicants, 7, status="avslatt", municipality="1103", letter=False)
    rows = [(row["decision"], row["municipality"]) for row in result_rows(all_applicants)]
    # By decision, then municipality in Norwegian order (Å last).
    assert rows == [
        ("innvilget", "Bergen"),
        ("innvilget", "Drammen"),
        ("innvilget", "Ålesund"),
        ("venteliste", "Bodø"),
        ("avslatt", "Oslo - Oslove"),
    ]


def test_a_joint_application_lists_its_partners_with_their_county(form_page):
    decided(form_page, 1, partners=[BODO, DRAMMEN])
    assert result_rows(form_page) == [
        {
            "municipality": "Bergen",
            "county": "Vestland",
            "decision": "innvilget",
            "partners": [
                {"municipality": "Bodø", "county": "Nordland - Nordlánnda"},
                {"municipality": "Drammen", "county": "Buskerud"},
            ],
        }
    ]


def test_an_anonymised_application_stays_listed(form_page, clock):
    clock(oslo(2026, 5, 4, 12))
    application = decided(form_page, 1)
    application.contact_name = application.applicant_email = ""
    application.form_data = {}
    application.anonymised_at = oslo(2027, 1, 1)
    application.save()
    assert [row["municipality"] for row in result_rows(form_page)] == ["Bergen"]


# The public page


def test_the_page_shows_municipalities_and_never_personal_data(client, form_page, publish):
    application = decided(
        form_page,
        1,
        partners=[BODO],
        contact_name="Kari Nordmann",
        applicant_email="kari@bergen.kommune.no",
    )
    application.form_data = {"navn": "Hemmelig svar"}
    application.save()
    page = publish(form_page)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bergen" in html and "Vestland" in html and "Bodø" in html
    assert '<th scope="col">Kommune</th>' in html
    # On a phone the table scrolls inside a labelled region a keyboard can reach.
    assert (
        '<div class="table-scroll" role="region" aria-labelledby="resultater-1" tabindex="0">'
        in html
    )
    assert '<caption id="resultater-1">' in html
    assert "Innvilget: 1 søknad" in html
    for private in ["Kari Nordmann", "kari@bergen.kommune.no", "VKU-2026-0001", "Hemmelig svar"]:
        assert private not in html


def test_the_generated_page_describes_itself_by_its_round(client, form_page, publish):
    decided(form_page, 1)
    page = publish(form_page)
    html = client.get(page.url).content.decode()
    assert (
        f'<meta name="description" content="Resultatet av søknadsrunden «{form_page.title}».">'
        in html
    )


def test_publishing_makes_the_page_under_the_form_as_the_reviewer(
    client, form_page, publish, reviewer, clock
):
    # 23.30 UTC on 1 February is 2 February in Oslo.
    clock(oslo(2027, 2, 2, 0, 30))
    decided(form_page, 1)
    page = publish(form_page)
    assert page.get_parent().pk == form_page.pk
    assert (page.slug, page.live, page.locale_id) == ("resultater", True, form_page.locale_id)
    assert page.title == f"Resultater: {form_page.program.title}"
    assert page.published_on == datetime.date(2027, 2, 2)
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=reviewer).exists()
    assert 'Publisert <time datetime="2027-02-02">2. februar 2027</time>' in (
        client.get(page.url).content.decode()
    )


def test_publishing_again_keeps_the_first_date_and_adds_the_update(form_page, publish, clock):
    clock(oslo(2027, 2, 2, 12))
    decided(form_page, 1)
    publish(form_page)
    clock(oslo(2027, 2, 9, 12))
    decided(form_page, 2, municipality=BODO)
    page = publish(form_page)
    page.refresh_from_db()
    assert (page.published_on, page.updated_on) == (
        datetime.date(2027, 2, 2),
        datetime.date(2027, 2, 9),
    )
    assert ResultsPage.objects.count() == 1
    assert PageLogEntry.objects.filter(page=page, action="applications.results.publish").exists()


# Following the decisions


@override_settings(PAGE_CACHE_SECONDS=600)
def test_a_changed_decision_shows_on_the_next_request_from_the_cache(
    client, form_page, publish, clock
):
    clock(oslo(2027, 2, 2, 12))
    granted = decided(form_page, 1)
    decided(form_page, 2, municipality=BODO)
    page = publish(form_page)
    client.get(page.url)
    assert client.get(page.url)["X-Page-Cache"] == "hit"

    # The same moment: the cached copy has not expired by itself.
    granted.change_status("under_behandling")

    response = client.get(page.url)
    assert response["X-Page-Cache"] == "miss"
    html = response.content.decode()
    assert "Bodø" in html and "Bergen" not in html


def test_regeneration_keeps_the_first_date_and_shows_the_update(client, form_page, publish, clock):
    clock(oslo(2027, 2, 2, 12))
    granted = decided(form_page, 1)
    page = publish(form_page)
    clock(oslo(2027, 2, 5, 12))
    granted.change_status("under_behandling")
    page.refresh_from_db()
    assert (page.published_on, page.updated_on) == (
        datetime.date(2027, 2, 2),
        datetime.date(2027, 2, 5),
    )
    html = client.get(page.url).content.decode()
    assert 'Publisert <time datetime="2027-02-02">' in html
    assert 'oppdatert <time datetime="2027-02-05">5. februar 2027</time>' in html


def test_a_letter_going_out_adds_the_application(
    form_page, publish, django_capture_on_commit_callbacks
):
    publish(form_page)
    application = decided(form_page, 1, letter=False)
    assert municipalities_listed(results_page_of(form_page)) == []
    with django_capture_on_commit_callbacks(execute=True):
        queue_reply_letters([application], None)
    for letter in ReplyLetter.objects.unsent():
        outgoing_mail.send(REPLY_LETTER, letter.pk)
    assert municipalities_listed(results_page_of(form_page)) == ["Bergen"]


def test_nothing_follows_before_the_first_publication(form_page):
    decided(form_page, 1)
    assert regenerate(form_page) is False
    assert not ResultsPage.objects.exists()


def test_a_closed_round_keeps_its_list_until_reopened(form_page, publish, reviewer):
    granted = decided(form_page, 1)
    page = publish(form_page)
    assert close_round(form_page, reviewer)
    granted.change_status("under_behandling")
    assert municipalities_listed(page) == ["Bergen"]
    assert reopen_round(form_page, reviewer)
    assert municipalities_listed(page) == []
    assert PageLogEntry.objects.filter(page=page, action="applications.results.close").exists()


def test_regeneration_does_not_take_an_editors_draft_live(client, form_page, publish, users):
    decided(form_page, 1)
    later = decided(form_page, 2, municipality=BODO, letter=False)
    page = publish(form_page)
    page.intro = "<p>Et utkast fra redaktøren</p>"
    draft = page.save_revision(user=users["editor"])

    letter_sent(later)
    regenerate(form_page)

    page = ResultsPage.objects.get(pk=page.pk)
    assert page.has_unpublished_changes and page.latest_revision_id == draft.pk
    html = client.get(page.url).content.decode()
    assert "Bodø" in html and "Et utkast fra redaktøren" not in html
    # Publishing the draft later (a moderator's approval) keeps the current rows, not the
    # ones the draft was saved with.
    draft.publish(user=users["moderator"])
    html = client.get(page.url).content.decode()
    assert "Et utkast fra redaktøren" in html and "Bodø" in html


def test_reverting_to_an_old_revision_keeps_the_current_rows(form_page, publish, users):
    granted = decided(form_page, 1)
    page = publish(form_page)
    first = ResultsPage.objects.get(pk=page.pk).live_revision
    granted.change_status("under_behandling")
    first.publish(user=users["moderator"])
    assert municipalities_listed(page) == []
