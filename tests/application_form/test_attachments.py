"""Attachments: stored privately, recognised by content, size-limited, for reviewers only."""

import io
import zipfile

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

import pytest

from forms.models import ApplicationAttachment, ApplicationSubmission
from tests.application_form.helpers import errors_of
from tests.forms_helpers import attachment_downloads, post_application, valid_answers

# Attachments

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def office_bytes(main_part):
    """A minimal Office Open XML zip: the content types and the document's main part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<root/>")
    return buffer.getvalue()


def test_attachment_is_stored_privately(client, page, keys):
    upload = SimpleUploadedFile("vedtak.pdf", PDF, content_type="application/pdf")
    response = post_application(client, page, valid_answers(keys, attachment=upload))
    assert response.status_code == 302
    attachment = ApplicationAttachment.objects.get()
    assert attachment.original_name == "vedtak.pdf"
    assert attachment.content_type == "application/pdf"
    path = attachment.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert client.get(f"/media/{attachment.file.name}").status_code == 404
    assert ApplicationSubmission.objects.get().form_data[keys["attachment"]] == "vedtak.pdf"


def test_office_documents_are_recognised_by_content(client, page, keys):
    upload = SimpleUploadedFile("plan.docx", office_bytes("word/document.xml"))
    assert post_application(client, page, valid_answers(keys, attachment=upload)).status_code == 302
    assert ApplicationAttachment.objects.get().content_type.endswith("wordprocessingml.document")


def test_spreadsheets_are_recognised_by_content(client, page, keys):
    upload = SimpleUploadedFile("budsjett.xlsx", office_bytes("xl/workbook.xml"))
    assert post_application(client, page, valid_answers(keys, attachment=upload)).status_code == 302
    attachment = ApplicationAttachment.objects.get()
    assert attachment.original_name == "budsjett.xlsx"
    assert attachment.content_type.endswith("spreadsheetml.sheet")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("vedtak.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100),  # a renamed .exe
        ("bilde.png", PDF),  # a PDF calling itself PNG
        ("skript.sh", b"#!/bin/sh\necho hei\n"),
        ("arkiv.docx", b"PK\x03\x04" + b"\x00" * 50),  # a zip that is no Word document
    ],
)
def test_files_of_other_kinds_are_refused(client, page, keys, name, content):
    upload = SimpleUploadedFile(name, content)
    response = post_application(client, page, valid_answers(keys, attachment=upload))
    assert response.status_code == 200
    assert "Filtypen er ikke tillatt. Last opp en fil av typen PDF, DOCX" in errors_of(response)
    assert not ApplicationSubmission.objects.exists()


@override_settings(APPLICATION_ATTACHMENT_MAX_SIZE=1024)
def test_too_large_files_are_refused(client, page, keys):
    upload = SimpleUploadedFile("stor.pdf", PDF + b"0" * 2048)
    response = post_application(client, page, valid_answers(keys, attachment=upload))
    assert "Filen er for stor" in errors_of(response)
    assert "Største tillatte størrelse er 1,0" in errors_of(response)


def test_attachments_need_the_reviewers_permission(client, page, keys, django_user_model):
    upload = SimpleUploadedFile("vedtak.pdf", PDF)
    post_application(client, page, valid_answers(keys, attachment=upload))
    downloads = attachment_downloads(client, ApplicationAttachment.objects.get(), django_user_model)

    assert downloads["anonymous"].status_code == 302  # anonymous: to the login page
    denied = downloads["editor"]
    # Wagtail's admin turns a refusal into a redirect to the dashboard with a message.
    assert denied.status_code in (302, 403) and not getattr(denied, "streaming", False)

    response = downloads["reviewer"]
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'attachment; filename="vedtak.pdf"' == response["Content-Disposition"]


ODT_TYPE = "application/vnd.oasis.opendocument.text"


def odt_bytes(mimetype=ODT_TYPE):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def test_opendocument_text_is_recognised_by_its_mimetype_entry(client, page, keys):
    upload = SimpleUploadedFile("plan.odt", odt_bytes())
    assert post_application(client, page, valid_answers(keys, attachment=upload)).status_code == 302
    assert ApplicationAttachment.objects.get().content_type == ODT_TYPE


def test_only_the_start_of_the_mimetype_entry_is_read():
    # A crafted archive could inflate the entry to gigabytes: the first 100 bytes decide.
    from forms.attachments import detect_kind

    padded = odt_bytes(ODT_TYPE + " " * 200 + "og mye mer")
    assert detect_kind(SimpleUploadedFile("plan.odt", padded)) == "odt"
    assert detect_kind(SimpleUploadedFile("plan.odt", odt_bytes("text/plain"))) is None
