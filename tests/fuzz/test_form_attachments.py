"""Attachments: any bytes under any name are stored safely in private storage or refused."""

import os

from django.core.files.uploadedfile import SimpleUploadedFile

from hypothesis import given
from hypothesis import strategies as st

from forms.models import ApplicationAttachment, ApplicationSubmission
from tests.fuzz.form import PDF, VALID, assert_valid_application, named, post_form, stored_pks
from tests.fuzz.strategies import ANY_CHARACTER, FUZZ

# Attachments: any bytes under any name


file_content = st.one_of(
    st.binary(max_size=200),
    st.builds(lambda body: PDF + body, st.binary(max_size=100)),
    st.builds(lambda body: b"PK\x03\x04" + body, st.binary(max_size=200)),
    st.builds(lambda body: b"\x89PNG\r\n\x1a\n" + body, st.binary(max_size=50)),
)
file_name = st.one_of(
    st.text(ANY_CHARACTER, max_size=40).map(lambda stem: stem + ".pdf"),
    # (The test client itself refuses to send a file without a name.)
    st.text(ANY_CHARACTER, max_size=40).filter(
        lambda name: os.path.basename(name) not in {"", ".", ".."}
    ),
    st.sampled_from(
        [
            "æ" * 200 + ".pdf",
            "a" * 300 + ".pdf",
            "../../../etc/passwd.pdf",
            "..\\..\\vedtak.pdf",
            "vedtak.pdf\x00.exe",
            ".pdf",
            "vedtak.PDF",
            "<script>.pdf",
            "vedtak.pdf.",
            "con.pdf",
            "vedtak",
            " .pdf",
            "%00.pdf",
            "\u202efdp.exe",
        ]
    ),
)


def readable(path):
    with open(path, "rb") as handle:
        return handle.read()


@FUZZ
@given(content=file_content, name=file_name)
def test_any_attachment_is_stored_safely_or_refused(web, fuzz_form, content, name):
    from django.conf import settings

    page, keys = fuzz_form
    before = stored_pks()
    upload = SimpleUploadedFile(name, content)
    response = post_form(web, page, named(keys, {**VALID, "attachment": upload}))
    assert response.status_code in (200, 302)
    stored = ApplicationSubmission.objects.exclude(pk__in=before)
    if response.status_code == 200:
        assert not stored.exists()
        assert f'id="id_{keys["attachment"]}-feil"' in response.content.decode()
        return
    (submission,) = stored
    assert_valid_application(submission, keys)
    attachment = submission.attachments.first()
    if attachment is None:
        # Django drops a file whose name has nothing usable left (only control characters,
        # say); only a hand-made request sends one, and the answer then says «no file».
        assert submission.form_data[keys["attachment"]] == ""
        return
    assert attachment.content_type in {
        "application/pdf",
        "image/png",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    # Inside private storage, under a short name of our own, with the content as sent.
    assert attachment.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert len(attachment.file.name) < 100
    assert readable(attachment.file.path) == content
    assert len(attachment.original_name) <= 255


def test_an_attachment_with_a_very_long_name_is_stored(web, fuzz_form):
    # Found by fuzzing: a name longer than the file system allows (255 bytes) gave a 500.
    page, keys = fuzz_form
    upload = SimpleUploadedFile("vedtak i kommunestyret æøå " * 12 + ".pdf", PDF)
    response = post_form(web, page, named(keys, {**VALID, "attachment": upload}))
    assert response.status_code == 302
    attachment = ApplicationAttachment.objects.get()
    assert attachment.original_name.startswith("vedtak i kommunestyret æøå vedtak")
    assert readable(attachment.file.path) == PDF


def corrupt_odt():
    """An ODT-like archive whose compressed «mimetype» entry is damaged."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text" * 10)
    data = bytearray(buffer.getvalue())
    start = data.find(b"mimetype") + len("mimetype")
    data[start + 2 : start + 8] = b"\xff" * 6
    return bytes(data)


def test_a_damaged_archive_is_refused_as_a_file_type(web, fuzz_form):
    # zlib.error from the damaged entry was not caught: a 500 instead of the field error.
    page, keys = fuzz_form
    upload = SimpleUploadedFile("plan.odt", corrupt_odt())
    response = post_form(web, page, named(keys, {**VALID, "attachment": upload}))
    assert response.status_code == 200
    error = response.content.decode().split(f'id="id_{keys["attachment"]}-feil"')[1]
    assert "Filtypen er ikke tillatt." in error.split("</p>")[0]
    assert not ApplicationSubmission.objects.exists()
