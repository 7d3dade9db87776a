"""After sending (issue 16 items 3, 7, 8, 9): the confirmation page with the status link, the
printable copy for the applicant and the reviewers, the decision on the status page, and
withdrawal with its error summary and its two e-mails."""

import re

from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest

from forms.models import ApplicationSubmission, ReplyLetter
from forms.status_links import print_url, status_url
from tests.forms_helpers import attach_pdf, post_application, translate_form, valid_answers
from tests.text import visible_text

STATUS_LINK = re.compile(r'id="status-link" value="(http://[^"]+/status/[0-9a-f]+/[0-9a-f]+/)"')


@pytest.fixture
def sent(client, page, keys, committed):
    """Send an application; returns (the confirmation page's response, the application)."""

    def send(**overrides):
        with committed():
            response = post_application(client, page, valid_answers(keys, **overrides))
        confirmation = client.get(response["Location"])
        mail.outbox.clear()
        return confirmation, ApplicationSubmission.objects.latest("pk")

    return send


def path_of(url):
    return "/" + url.split("/", 3)[3]


def text_of(response):
    return visible_text(response.content.decode())


def send_reply_letter(submission, decision="innvilget"):
    submission.status = decision
    submission.save(update_fields=["status"])
    return ReplyLetter.objects.create(
        submission=submission,
        decision=decision,
        recipient=submission.applicant_email,
        subject="Svar",
        body="Svar",
        sent_at=timezone.now(),
    )


# The confirmation page (item 7)


def test_the_confirmation_shows_the_reference_the_receipt_address_and_a_copyable_link(sent):
    confirmation, submission = sent()
    html = confirmation.content.decode()
    text = text_of(confirmation)
    assert f"Referansenummer: {submission.reference}" in text
    assert "Kvitteringen sendes til kari@bergen.kommune.no." in text
    # The link is plain text in a labelled read-only field, whatever JavaScript does.
    link = STATUS_LINK.search(html).group(1)
    assert link == status_url(submission)
    assert '<label for="status-link"' in html and "readonly" in html
    # «Kopier lenken» is hidden until the script (a file: the CSP allows no inline script)
    # shows it.
    assert re.search(r"<button[^>]*data-copy-button hidden>Kopier lenken</button>", html)
    assert re.search(r'<script src="/static/forms/js/after_sending\.js" defer>', html)
    assert "<script>" not in html


def test_the_confirmation_says_so_when_no_receipt_can_go(sent, page, keys):
    page.form_fields.filter(clean_name=keys["email"]).update(required=False)
    confirmation, _ = sent(email=None)
    text = text_of(confirmation)
    assert "Søknaden har ingen e-postadresse, så vi sender ingen kvittering" in text
    assert "Kvitteringen sendes til" not in text
    assert STATUS_LINK.search(confirmation.content.decode())


# The printable copy (item 8)


def test_the_printable_copy_has_the_application_as_sent(client, sent):
    _, submission = sent()
    attach_pdf(submission)
    status_page = client.get(path_of(status_url(submission)))
    assert f'href="{path_of(print_url(submission))}"' in status_page.content.decode()

    response = client.get(path_of(print_url(submission)))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    text = text_of(response)
    for fact in [
        f"Referansenummer: {submission.reference}",
        "Program: Veiledning",
        "Kommune: Bergen",
        "Mottatt:",
    ]:
        assert fact in text
    # Answers under their questions, grouped by the form's section headings.
    assert re.search(r"<h3>Kommunen</h3>\s*<dl class=\"answers\">.*Organisasjonsnummer", html, re.S)
    assert "Navn Kari Nordmann" in text
    assert text.index("Kontaktperson") < text.index("Navn Kari Nordmann")
    # Attachments by name and size, without a link to them.
    assert "budsjett.pdf (9 byte)" in text
    assert "/admin/soknader/vedlegg/" not in html


def test_the_printable_copy_needs_the_genuine_link(client, sent):
    _, submission = sent()
    path = path_of(print_url(submission))
    signature = path.rstrip("/").split("/")[-2]
    assert client.get(path.replace(signature, "0" * 32)).status_code == 404
    submission.status_link_revoked = True
    submission.save()
    assert client.get(path).status_code == 404


def test_the_print_styles_hide_the_site_around_the_application():
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/site.css"), encoding="utf-8").read()
    print_rules = " ".join(re.findall(r"@media print \{(.*?)\n\}", css, re.S))
    for selector in [".site-header", ".main-nav", ".site-footer", ".breadcrumbs", ".no-print"]:
        assert selector in print_rules


def reviewer_and_editor(django_user_model):
    users = {}
    for name, group in [("behandler", "Søknadsbehandlere"), ("redaktor", "Redaktører")]:
        users[name] = django_user_model.objects.create_user(name, password="x")
        users[name].groups.add(Group.objects.get(name=group))
    return users["behandler"], users["redaktor"]


def test_reviewers_print_the_same_view_and_editors_may_not(client, sent, django_user_model):
    _, submission = sent()
    attach_pdf(submission)
    reviewer, editor = reviewer_and_editor(django_user_model)
    url = f"/admin/soknader/liste/{submission.pk}/utskrift/"

    assert client.get(url)["Location"].startswith("/admin/login/")
    client.force_login(editor)
    refused = client.get(url)
    # Wagtail's admin turns the 403 into a redirect to the dashboard, with a message.
    assert refused.status_code == 403 or refused["Location"] == "/admin/"
    assert submission.reference not in refused.content.decode()

    client.force_login(reviewer)
    inspect = client.get(f"/admin/soknader/liste/inspect/{submission.pk}/")
    assert f'href="{url}"' in inspect.content.decode()
    readings = ModelLogEntry.objects.filter(
        action="forms.application.view", user=reviewer, object_id=str(submission.pk)
    )
    read_before = readings.count()
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "forms/includes/application_as_sent.html" in [t.name for t in response.templates]
    text = text_of(response)
    assert f"Referansenummer: {submission.reference}" in text
    assert "Navn Kari Nordmann" in text and "budsjett.pdf (9 byte)" in text
    # Reading personal data is recorded, as on the application's page.
    assert readings.count() == read_before + 1


# The decision, and no withdrawal after it (item 8)


def test_after_the_letter_the_status_page_shows_the_decision_and_refuses_withdrawal(client, sent):
    _, submission = sent()
    path = path_of(status_url(submission))
    submission.status = "innvilget"
    submission.save()
    assert "Trekk søknaden" in text_of(client.get(path))  # no letter yet: still possible

    send_reply_letter(submission)
    text = text_of(client.get(path))
    assert "Avgjørelse: Innvilget" in text
    assert "Svarbrevet ble sendt" in text
    assert "Trekk søknaden" not in text

    response = client.post(path, {"confirm_withdraw": "1"})
    assert response.status_code == 409
    assert "Søknaden kan ikke trekkes her lenger" in text_of(response)
    assert response.content.decode().count('id="feiloppsummering"') == 1
    submission.refresh_from_db()
    assert submission.status == "innvilget" and submission.withdrawn_at is None
    assert not mail.outbox


# The withdraw form's errors (item 3)


def test_an_unconfirmed_withdrawal_gets_an_error_summary_with_focus(client, sent):
    _, submission = sent()
    response = client.post(path_of(status_url(submission)), {})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<title>Feil: Status for søknaden", html)
    summary = re.search(
        r'<div class="ds-error-summary"[^>]*id="feiloppsummering">(.*?)</div>', html, re.S
    )
    assert summary and "autofocus" in summary.group(0) and 'tabindex="-1"' in summary.group(0)
    assert "Søknaden ble ikke trukket" in summary.group(1)
    assert re.search(
        r'<a href="#confirm_withdraw">Kryss av for å bekrefte at søknaden skal trekkes\.</a>',
        summary.group(1),
    )
    # The summary comes before the form, and the checkbox says what is wrong with it.
    assert html.index("feiloppsummering") < html.index('name="confirm_withdraw"')
    assert 'aria-invalid="true" aria-describedby="withdraw-error"' in html
    submission.refresh_from_db()
    assert submission.status == "mottatt"
    assert (
        "<title>Status for søknaden" in client.get(path_of(status_url(submission))).content.decode()
    )


# In English


def test_an_english_applicants_pages_are_under_the_english_form(
    client, home_page, page, keys, committed
):
    program = page.get_parent()
    for ancestor in [home_page, program.get_parent(), program]:
        translate_form(ancestor)
    english = translate_form(page)
    with committed():
        response = post_application(client, english, valid_answers(keys, size="100 to 500"))
    confirmation = client.get(response["Location"])
    submission = ApplicationSubmission.objects.get()
    link = STATUS_LINK.search(confirmation.content.decode()).group(1)
    assert path_of(link).startswith(english.url)
    # The site's own strings come from the English catalogue where it has them.
    status_page = text_of(client.get(path_of(link)))
    assert f"Reference number: {submission.reference}" in status_page
    assert path_of(print_url(submission)).startswith(english.url)
    assert client.get(path_of(print_url(submission))).status_code == 200
