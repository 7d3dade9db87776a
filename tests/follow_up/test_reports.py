"""Reports after the program (issue 18, item 2): the way in by the granted application's
signed link, the pre-filled form, the stored report and the grant's report status."""

import re

from django.core import mail

import pytest

from forms.drafts import COOKIE_NAME
from forms.intake_guards import TOKEN_FIELD, FormToken
from forms.models import ApplicationDraft, ApplicationSubmission, GrantFollowUp, ReportStatus
from forms.reports import ReportAlreadyDelivered, attach_report, report_context
from tests.conftest import oslo
from tests.factories import ApplicationFormPageFactory, ProgramPageFactory
from tests.follow_up.report_helpers import (
    REPORT_TEXT,
    add_report_questions,
    link_path,
    post_report,
    report_answers,
)
from tests.review.helpers import make_application
from website import outgoing_mail

pytestmark = pytest.mark.django_db

EXPLANATION = "Rapporten sendes fra lenken på statussiden for søknaden"


@pytest.fixture
def keys(report_form):
    return add_report_questions(report_form)


@pytest.fixture
def granted(granted_application_with_report):
    return granted_application_with_report


def reports():
    return ApplicationSubmission.objects.filter(report_for__isnull=False)


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_link_starts_a_draft_and_leads_to_the_form_without_the_token(
    client, granted, report_form, keys
):
    response = client.get(link_path(granted))
    assert response.status_code == 302
    assert response["Location"] == report_form.url
    assert granted.status_token.hex not in response["Location"]
    assert response.cookies[COOKIE_NAME]["path"] == report_form.url

    html = text_of(client.get(report_form.url))
    assert "Rapport for VKU-2026-0001, Bergen<" in html
    assert "Frist for rapporten: 1. desember 2026." in html
    assert EXPLANATION not in html
    # The municipality question answered with the grant's municipality.
    assert re.search(r'<option value="4601"[^>]*selected', html)


def test_a_forged_signature_is_not_found(client, granted, report_form, keys):
    path = link_path(granted)
    forged = path[:-2] + ("0/" if path[-2] != "0" else "1/")
    assert client.get(forged).status_code == 404
    assert not client.cookies.get(COOKIE_NAME)


def test_a_revoked_link_is_not_found(client, granted, report_form, keys):
    path = link_path(granted)
    granted.status_link_revoked = True
    granted.save(update_fields=["status_link_revoked"])
    assert client.get(path).status_code == 404


def test_a_revoked_link_also_closes_the_form_it_opened(client, granted, report_form, keys):
    client.get(link_path(granted))
    granted.status_link_revoked = True
    granted.save(update_fields=["status_link_revoked"])
    assert EXPLANATION in text_of(client.get(report_form.url))
    assert post_report(client, report_form, report_answers(keys)).status_code == 403
    assert not reports().exists()


def test_an_application_not_granted_is_refused(client, form_page, report_form, keys):
    application = make_application(form_page, 7, status="under_behandling")
    response = client.get(link_path(application))
    assert response.status_code == 403
    assert "bare for søknader som har fått tilskudd" in text_of(response)
    assert not client.cookies.get(COOKIE_NAME)


def test_a_grant_changed_to_a_rejection_is_refused(client, granted, report_form, keys):
    # Its follow-up stays from the grant letter, and the rejection has its own letter.
    granted.change_status("under_behandling")
    granted.change_status("avslatt")
    letter = granted.reply_letters.get()
    letter.pk, letter.decision = None, "avslatt"
    letter.save()
    assert granted.reply_letter_sent()
    response = client.get(link_path(granted))
    assert response.status_code == 403
    assert "bare for søknader som har fått tilskudd" in text_of(response)


def test_a_grant_whose_letter_failed_to_go_is_refused(client, granted, report_form, keys):
    granted.reply_letters.update(sent_at=None)
    assert client.get(link_path(granted)).status_code == 403


def test_a_grant_whose_letter_has_not_gone_is_refused(
    client, form_page_with_acceptance, report_form, keys, make_grant
):
    application = make_grant(form_page_with_acceptance, 8, letter=False)
    assert client.get(link_path(application)).status_code == 403


def test_a_grant_of_another_form_is_refused(client, granted, form_page, report_form, keys):
    program = form_page.get_parent()
    other_program = ProgramPageFactory(parent=program.get_parent(), slug="annet-program")
    other_form = ApplicationFormPageFactory(parent=other_program)
    other_report = ApplicationFormPageFactory(
        parent=other_form, slug="rapport", form_kind="rapport", reference_prefix="RAP"
    )
    path = link_path(granted).replace(report_form.url, other_report.url)
    response = client.get(path)
    assert response.status_code == 403
    assert "Lenken gjelder ikke dette rapportskjemaet" in text_of(response)
    # On an application form the route is no way in at all.
    assert client.get(link_path(granted).replace(report_form.url, form_page.url)).status_code == 404


def test_without_the_link_the_form_explains_and_a_post_is_refused(client, report_form, keys):
    response = client.get(report_form.url)
    assert response.status_code == 200
    html = text_of(response)
    assert EXPLANATION in html
    assert "<form" not in html.split("<main", 1)[-1]
    response = post_report(client, report_form, report_answers(keys))
    assert response.status_code == 403
    assert EXPLANATION in text_of(response)
    assert not ApplicationSubmission.objects.filter(page=report_form).exists()


def test_the_report_is_stored_for_the_grant_and_marks_it_delivered(
    client, granted, report_form, keys
):
    client.get(link_path(granted))
    response = post_report(client, report_form, report_answers(keys))
    assert response.status_code == 302
    report = ApplicationSubmission.objects.get(page=report_form)
    assert report.report_for == granted
    assert report.reference.startswith("RAP-")
    assert report.form_data[keys["done"]] == REPORT_TEXT
    follow_up = GrantFollowUp.objects.get(submission=granted)
    assert follow_up.report_status == ReportStatus.DELIVERED
    assert follow_up.report_delivered_at is not None


def test_the_receipt_speaks_of_a_report(client, granted, report_form, keys):
    client.get(link_path(granted))
    mail.outbox.clear()
    post_report(client, report_form, report_answers(keys))
    report = ApplicationSubmission.objects.get(page=report_form)
    outgoing_mail.send("receipt", report.pk)
    receipt = next(m for m in mail.outbox if m.to == ["kari@bergen.kommune.no"])
    assert receipt.subject.startswith("Kvittering for rapport RAP-")
    assert "Vi har mottatt rapporten for VKU-2026-0001" in receipt.body
    assert "søknad" not in receipt.subject


def test_a_second_report_for_the_same_grant_is_refused(client, granted, report_form, keys):
    client.get(link_path(granted))
    other_browser = client.__class__()
    other_browser.get(link_path(granted))
    assert post_report(client, report_form, report_answers(keys)).status_code == 302

    # The link once the report is in.
    response = client.__class__().get(link_path(granted))
    assert response.status_code == 403
    assert "Rapporten for VKU-2026-0001 er allerede levert" in text_of(response)
    # A browser that came in before and sends afterwards.
    response = post_report(other_browser, report_form, report_answers(keys))
    assert response.status_code == 409
    assert "allerede levert" in text_of(response)
    assert reports().count() == 1


def test_a_report_delivered_at_once_from_two_browsers_is_stored_once(
    client, granted, report_form, keys
):
    # Both passed the check before either stored: the second is rolled back when stored.

    client.get(link_path(granted))
    post_report(client, report_form, report_answers(keys))
    first = reports().get()
    draft = ApplicationDraft(report_for=granted)
    second = make_application(report_form, 99)
    with pytest.raises(ReportAlreadyDelivered):
        attach_report(second, draft)
    second.refresh_from_db()
    assert second.report_for is None and reports().get() == first


def test_a_report_in_steps_goes_step_by_step_and_is_stored_for_the_grant(
    client, granted, report_form
):
    keys = add_report_questions(report_form, steps=True)

    client.get(link_path(granted))
    html = text_of(client.get(report_form.url))
    assert "Steg 1 av 2" in html and "Rapport for VKU-2026-0001" in html
    assert re.search(r'<option value="4601"[^>]*selected', html)

    def step(number, action="neste", **answers):
        data = {TOKEN_FIELD: FormToken.new().dumps(), "steg": number, "handling": action}
        return client.post(report_form.url, {**data, **answers})

    assert step(1, **{keys["municipality"]: "4601"}).status_code == 302
    answers = report_answers(keys)
    step2 = {k: answers[k] for k in (keys["done"], keys["email"])}
    assert step(2, **step2)["Location"].endswith("?steg=oppsummering")
    assert step(2, action="send").status_code == 302
    report = reports().get()
    assert report.report_for == granted
    assert GrantFollowUp.objects.get(submission=granted).report_status == ReportStatus.DELIVERED


def test_the_status_page_part_links_to_the_report_while_it_is_missing(
    rf, granted, report_form, keys, clock
):

    context = report_context(granted, rf.get("/"))["report"]
    assert context["status"] == ReportStatus.MISSING
    assert context["link"] == link_path(granted)
    assert str(context["due"]) == "2026-12-01"

    # Delivered late in the evening of 3 March 2027, Oslo time (UTC already says the 3rd,
    # but 00.30 on the 4th in Oslo is the 4th).
    GrantFollowUp.objects.filter(submission=granted).update(
        report_status=ReportStatus.DELIVERED, report_delivered_at=oslo(2027, 3, 4, 0, 30)
    )
    context = report_context(granted, rf.get("/"))["report"]
    assert context["link"] is None
    assert str(context["delivered_at"]) == "2027-03-04"
