"""The applicant's own pages and uploads, checked where mutation testing (docs/mutation.md)
found them unguarded: with two applications, each link and confirmation shows its own;
the status page stays out of search engines; PNG and JPEG are recognised."""

import re

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from forms.attachments import detect_kind, extension_of
from tests.forms_helpers import post_application, valid_answers
from tests.text import visible_text


def two_applications(client, page, keys, committed):
    confirmations = []
    for email in ("kari@bergen.kommune.no", "ola@bergen.kommune.no"):
        with committed():
            response = post_application(client, page, valid_answers(keys, email=email))
        confirmations.append(response["Location"])
    links = [
        re.search(r"http://\S+/status/\S+/", m.body).group(0)
        for m in mail.outbox
        if "Referansenummer" in m.body
    ]
    return confirmations, ["/" + link.split("/", 3)[3] for link in links]


def test_each_status_link_and_confirmation_shows_its_own_application(client, page, keys, committed):
    confirmations, status_paths = two_applications(client, page, keys, committed)
    assert len(status_paths) == 2
    pairs = zip(confirmations, status_paths, strict=True)
    for number, (confirmation, status_path) in enumerate(pairs, start=1):
        response = client.get(status_path)
        assert f"Referansenummer: VKU-2026-000{number}" in visible_text(response.content.decode())
        assert response["X-Robots-Tag"] == "noindex"
        confirmed = visible_text(client.get(confirmation).content.decode())
        assert f"VKU-2026-000{number}" in confirmed


def test_images_are_recognised_by_their_first_bytes():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 32
    assert detect_kind(SimpleUploadedFile("bilde.png", png)) == "png"
    assert detect_kind(SimpleUploadedFile("bilde.jpg", jpeg)) == "jpeg"


def test_the_extension_is_what_follows_the_last_dot():
    assert extension_of("rapport.v2.PDF") == "pdf"
    assert extension_of("pdf") == ""
