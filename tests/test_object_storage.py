"""Uploads on S3-compatible object storage: a real S3 API (moto in server mode, on a free
port on 127.0.0.1) behind django-storages, configured as production configures it."""

import urllib.error
import urllib.request

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from wagtail.documents.models import Document

import boto3
import pytest
from moto.server import ThreadedMotoServer

from forms.models import ApplicationAttachment
from tests.conftest import oslo
from tests.forms_helpers import (
    attachment_downloads,
    build_form,
    post_application,
    valid_answers,
)
from website.settings.base import PRIVATE_S3_OPTIONS, PUBLIC_S3_OPTIONS, s3_storage

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
REGION = "eu-north-1"
CREDENTIALS = {"aws_access_key_id": "ksr-test", "aws_secret_access_key": "ksr-test-secret"}


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def buckets(s3_endpoint, monkeypatch):
    """A media bucket and a private attachments bucket, and the site using them."""
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION, **CREDENTIALS)
    for bucket in ("ksr-media", "ksr-vedlegg"):
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    settings = {
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_S3_ACCESS_KEY_ID": CREDENTIALS["aws_access_key_id"],
        "AWS_S3_SECRET_ACCESS_KEY": CREDENTIALS["aws_secret_access_key"],
        "STORAGES": {
            "default": s3_storage("ksr-media", **{**PUBLIC_S3_OPTIONS, "custom_domain": None}),
            "private": s3_storage("ksr-vedlegg", **PRIVATE_S3_OPTIONS),
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    }
    with override_settings(**settings):
        # A FileField resolves its storage once, at import; point it at the new one as a
        # server starting with these settings would have.
        monkeypatch.setattr(
            ApplicationAttachment._meta.get_field("file"), "storage", storages["private"]
        )
        yield s3
    for bucket in ("ksr-media", "ksr-vedlegg"):
        for item in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
            s3.delete_object(Bucket=bucket, Key=item["Key"])
        s3.delete_bucket(Bucket=bucket)


@pytest.fixture
def application_form(home_page, clock):
    clock(oslo(2026, 4, 1, 12, 0))
    return build_form(home_page)


def anonymous_get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_attachments_round_trip_through_the_private_bucket(
    client, buckets, s3_endpoint, application_form, django_user_model
):
    _, page, keys = application_form
    upload = SimpleUploadedFile("vedtak.pdf", PDF, content_type="application/pdf")
    assert post_application(client, page, valid_answers(keys, attachment=upload)).status_code == 302

    attachment = ApplicationAttachment.objects.get()
    stored = buckets.list_objects_v2(Bucket="ksr-vedlegg")["Contents"]
    assert [item["Key"] for item in stored] == [attachment.file.name]
    assert buckets.get_object(Bucket="ksr-vedlegg", Key=attachment.file.name)["Body"].read() == PDF
    assert "Contents" not in buckets.list_objects_v2(Bucket="ksr-media")

    # The object itself is private: only its owner has a grant, and the bucket refuses it
    # to anyone who asks without credentials.
    grants = buckets.get_object_acl(Bucket="ksr-vedlegg", Key=attachment.file.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in grants)
    status, body = anonymous_get(f"{s3_endpoint}/ksr-vedlegg/{attachment.file.name}")
    assert status == 403 and PDF not in body

    downloads = attachment_downloads(client, attachment, django_user_model)
    # Not signed in: to the sign-in page, no file.
    anonymous = downloads["anonymous"]
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    # Signed in without the reviewers' permission: no file either.
    denied = downloads["editor"]
    assert denied.status_code in (302, 403) and not getattr(denied, "streaming", False)
    # A reviewer gets the file, streamed from the bucket through the permission check.
    response = downloads["reviewer"]
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="vedtak.pdf"'
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_a_url_to_a_private_attachment_is_signed_and_short_lived(buckets, db):
    name = storages["private"].save("soknader/test.pdf", ContentFile(PDF))
    url = storages["private"].url(name)
    assert "X-Amz-Signature=" in url
    assert "X-Amz-Expires=60" in url


def test_public_documents_go_to_the_media_bucket(buckets, db):
    document = Document.objects.create(
        title="Strategi", file=ContentFile(b"Strategi 2030", name="strategi.txt")
    )
    stored = buckets.list_objects_v2(Bucket="ksr-media")["Contents"]
    assert [item["Key"] for item in stored] == [document.file.name]
    assert "Contents" not in buckets.list_objects_v2(Bucket="ksr-vedlegg")
    # Public files get plain, cacheable URLs.
    assert "X-Amz-Signature" not in document.file.url
    head = buckets.head_object(Bucket="ksr-media", Key=document.file.name)
    assert head["CacheControl"] == "public, max-age=86400"
