"""What an uploaded file really is, judged by its first bytes and (for Office files) its
zip contents, not by the name the applicant's computer gave it."""

import zipfile

from django.conf import settings

# The kinds we accept: the name's ending(s) and the content that must match.
ALLOWED_KINDS = {
    "pdf": {"extensions": {"pdf"}, "content_type": "application/pdf"},
    "png": {"extensions": {"png"}, "content_type": "image/png"},
    "jpeg": {"extensions": {"jpg", "jpeg"}, "content_type": "image/jpeg"},
    "docx": {
        "extensions": {"docx"},
        "content_type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    },
    "xlsx": {
        "extensions": {"xlsx"},
        "content_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    },
    "odt": {"extensions": {"odt"}, "content_type": "application/vnd.oasis.opendocument.text"},
}
ALLOWED_EXTENSIONS_TEXT = "PDF, DOCX, ODT, XLSX, PNG og JPEG"


def max_upload_size():
    return settings.APPLICATION_ATTACHMENT_MAX_SIZE


def detect_kind(uploaded_file):
    """The kind of file by its content, or None when it is none of the allowed kinds."""
    # No mutation testing of the reads and seeks (docs/mutation.md): a longer read matches
    # the same prefixes, and whoever reads the file next seeks to its start itself.
    uploaded_file.seek(0)  # pragma: no mutate
    head = uploaded_file.read(16)  # pragma: no mutate
    uploaded_file.seek(0)  # pragma: no mutate
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(uploaded_file)
    return None


def _office_kind(uploaded_file):
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                # Read only the start: a crafted archive could inflate to gigabytes.
                with archive.open("mimetype") as entry:
                    start = entry.read(100)
                # Any non-ASCII entry fails the comparison, however it decodes.
                mimetype = start.decode("ascii", "replace").strip()  # pragma: no mutate
                if mimetype == ALLOWED_KINDS["odt"]["content_type"]:
                    return "odt"
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
    except Exception:
        # Corrupt, encrypted or exotically compressed archives raise all sorts of errors
        # (zlib.error, RuntimeError, NotImplementedError, ...); none of them is a document.
        return None
    finally:
        uploaded_file.seek(0)  # pragma: no mutate
    return None


def extension_of(name):
    return name.rpartition(".")[2].lower() if "." in name else ""
