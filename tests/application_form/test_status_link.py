"""The applicant's status link: from the receipt to a page where the application can be
withdrawn; tampered or revoked links show nothing."""

from django.core import mail

from forms.models import ApplicationSubmission
from tests.forms_helpers import post_application, valid_answers
from tests.text import visible_text

# The applicant's status link


def status_link_from_receipt():
    import re

    receipt = next(m for m in mail.outbox if "Referansenummer" in m.body)
    return re.search(r"http://\S+/status/\S+/", receipt.body).group(0)


def test_the_receipt_links_to_a_status_page_where_the_application_can_be_withdrawn(
    client, page, keys, committed
):
    from wagtail.models import ModelLogEntry

    with committed():
        post_application(client, page, valid_answers(keys))
    link = status_link_from_receipt()
    path = "/" + link.split("/", 3)[3]
    response = client.get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    text = visible_text(response.content.decode())
    assert "Referansenummer: VKU-2026-0001" in text
    assert "Søknaden er mottatt og venter på behandling." in text
    # The answers are read here (the receipt carries none of them).
    assert "Svarene dine" in text and "Navn Kari Nordmann" in text

    # A decision is only shown once its letter has gone out.
    submission = ApplicationSubmission.objects.get()
    submission.status = "innvilget"
    submission.save()
    assert "Søknaden er under behandling." in visible_text(client.get(path).content.decode())

    assert client.post(path, {}).status_code == 200  # not confirmed: nothing happens
    submission.refresh_from_db()
    assert submission.status == "innvilget"
    client.post(path, {"confirm_withdraw": "1"})
    submission.refresh_from_db()
    assert submission.status == "trukket"
    entry = ModelLogEntry.objects.for_instance(submission).get(action="forms.application.status")
    assert entry.data["by_applicant"] and entry.user is None
    assert "Søknaden er trukket." in visible_text(client.get(path).content.decode())


def test_a_tampered_or_revoked_status_link_shows_nothing(client, page, keys, committed):
    with committed():
        post_application(client, page, valid_answers(keys))
    path = "/" + status_link_from_receipt().split("/", 3)[3]
    token, signature = path.rstrip("/").split("/")[-2:]
    tampered = path.replace(signature, "0" * 32)
    assert client.get(tampered).status_code == 404
    other_token = path.replace(token, "f" * 32)
    assert client.get(other_token).status_code == 404
    submission = ApplicationSubmission.objects.get()
    submission.status_link_revoked = True
    submission.save()
    response = client.get(path)
    assert response.status_code == 404
    assert "VKU-2026-0001" not in response.content.decode()
