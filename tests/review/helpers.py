"""What the review tests share: the listing's address, applications made directly, bulk
action addresses and the CSV export read back."""

from urllib.parse import urlencode

from forms.models import ApplicationSubmission, Municipality

LIST_URL = "/admin/soknader/liste/"


def make_application(form_page, number, municipality="4601", **fields):
    return ApplicationSubmission.objects.create(
        page=form_page,
        form_data={"navn": "Kari"},
        reference=f"VKU-2026-{number:04d}",
        municipality=Municipality.objects.get(number=municipality),
        field_labels=[{"key": "navn", "label": "Navn", "type": "singleline"}],
        contact_name=fields.pop("contact_name", "Kari Nordmann"),
        applicant_email=fields.pop("applicant_email", "kari@bergen.kommune.no"),
        **fields,
    )


BULK = "/admin/bulk/forms/applicationsubmission/{action}/"


def bulk_url(action, *applications):
    ids = "&".join(f"id={a.pk}" for a in applications)
    return f"{BULK.format(action=action)}?{ids}&next={LIST_URL}"


def exported_csv(client, **params):
    import csv
    import io

    response = client.post(f"{LIST_URL}?{urlencode({'export': 'csv', **params})}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())  # so Excel reads æøå as UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
