"""The listing: filters, search, duplicates, its cost, and who has applied per county."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from forms.models import ApplicationSubmission, Municipality
from tests.review.helpers import LIST_URL, make_application
from tests.text import visible_text

# The listing


def listed(client, **params):
    html = client.get(LIST_URL, params).content.decode()
    return sorted(set(__import__("re").findall(r"VKU-2026-\d{4}", html)))


def test_filters_and_search(client, users, form_page):
    make_application(form_page, 1, municipality="4601", status="mottatt")
    make_application(
        form_page,
        2,
        municipality="0301",
        status="under_behandling",
        contact_name="Ola Hansen",
        applicant_email="ola@oslo.kommune.no",
    )
    make_application(
        form_page, 3, municipality="1103", status="mottatt", assigned_to=users["reviewer"]
    )
    client.force_login(users["reviewer"])
    assert listed(client) == ["VKU-2026-0001", "VKU-2026-0002", "VKU-2026-0003"]
    assert listed(client, status="mottatt") == ["VKU-2026-0001", "VKU-2026-0003"]
    assert listed(client, county="Oslo") == ["VKU-2026-0002"]
    assert listed(client, assigned_to=users["reviewer"].pk) == ["VKU-2026-0003"]
    assert listed(client, page=form_page.pk) == ["VKU-2026-0001", "VKU-2026-0002", "VKU-2026-0003"]
    assert listed(client, q="Hansen") == ["VKU-2026-0002"]
    assert listed(client, q="ola@oslo") == ["VKU-2026-0002"]
    assert listed(client, q="Stavanger") == ["VKU-2026-0003"]
    assert listed(client, q="VKU-2026-0001") == ["VKU-2026-0001"]


def test_duplicates_are_marked_in_the_listing(client, users, form_page):
    first = make_application(form_page, 1)
    make_application(form_page, 2, duplicate_of=first)
    make_application(form_page, 3, municipality="0301")
    client.force_login(users["reviewer"])
    assert listed(client, possible_duplicate="true") == ["VKU-2026-0001", "VKU-2026-0002"]


def count_listing_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL)
    assert response.status_code == 200
    return len(queries)


def test_listing_cost_does_not_grow_with_the_number_of_applications(client, users, form_page):
    client.force_login(users["reviewer"])
    first = make_application(form_page, 1)
    for number in range(2, 11):
        make_application(form_page, number, duplicate_of=first, assigned_to=users["reviewer"])
    with_ten = count_listing_queries(client)
    municipalities = list(Municipality.objects.all()[:50])
    ApplicationSubmission.objects.bulk_create(
        ApplicationSubmission(
            page=form_page,
            form_data={},
            reference=f"VKU-2027-{n:04d}",
            municipality=municipalities[n % 50],
            field_labels=[],
            assigned_to=users["other_reviewer"],
        )
        for n in range(1, 991)
    )
    assert ApplicationSubmission.objects.count() == 1000
    with_thousand = count_listing_queries(client)
    assert with_thousand == with_ten


# Outreach before the deadline


def test_who_has_applied_per_county(client, users, form_page):
    import csv
    import io

    make_application(form_page, 1, municipality="4601")  # Bergen, Vestland
    make_application(form_page, 2, municipality="1515", status="trukket")  # withdrawn
    client.force_login(users["reviewer"])
    url = f"/admin/soknader/hvem-har-sokt/?skjema={form_page.pk}"
    text = visible_text(client.get(url).content.decode())
    assert "1 av 357 kommuner har søkt." in text
    assert "Bergen (4601) Ja: VKU-2026-0001" in text
    assert "Herøy (1515) Nei" in text
    response = client.get(url + "&export=csv")
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert rows[0] == ["Kommunenummer", "Kommune", "Fylke", "Har søkt", "Referanser"]
    assert ["4601", "Bergen", "Vestland", "Ja", "VKU-2026-0001"] in rows
    assert len(rows) == 358
    client.force_login(users["editor"])
    assert client.get(url).status_code in (302, 403)
