"""Joint applications in the review: the partner municipalities in the listing, on the
application, in the search, in the exports and in «Hvem har søkt?», at a constant cost."""

import csv
import io
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from forms.models import ApplicationSubmission, Municipality
from tests.review.helpers import LIST_URL, exported_csv, make_application
from tests.text import visible_text

TRONDHEIM, STAVANGER, MOLDE = "5001", "1103", "1506"


def joint_application(form_page, number, partners, **fields):
    application = make_application(form_page, number, **fields)
    application.partner_municipalities.set(partners)
    return application


def test_reviewers_see_the_partners_in_the_listing_and_on_the_application(client, users, form_page):
    joint = joint_application(form_page, 1, [TRONDHEIM, STAVANGER])
    make_application(form_page, 2, municipality="0301")
    client.force_login(users["reviewer"])
    listing = client.get(LIST_URL).content.decode()
    assert "Samarbeidskommuner" in listing
    assert "Stavanger, Trondheim - Tråante" in visible_text(listing)
    page = visible_text(client.get(f"{LIST_URL}inspect/{joint.pk}/").content.decode())
    assert "Samarbeidskommuner Stavanger (Rogaland), Trondheim - Tråante (Trøndelag" in page


def test_a_search_for_a_municipality_finds_it_as_a_partner_once(client, users, form_page):
    joint_application(form_page, 1, [MOLDE])  # Bergen with Molde
    joint_application(form_page, 2, [TRONDHEIM, STAVANGER], municipality="0301")
    make_application(form_page, 3, municipality=STAVANGER)
    joint_application(form_page, 4, ["1515", "1818"])  # both Herøys
    client.force_login(users["reviewer"])

    def found(query):
        html = client.get(LIST_URL, {"q": query}).content.decode()
        return re.findall(r"VKU-2026-\d{4}", visible_text(html))

    assert sorted(found("Stavanger")) == ["VKU-2026-0002", "VKU-2026-0003"]
    assert found("Molde") == ["VKU-2026-0001"]
    assert found("Herøy") == ["VKU-2026-0004"]  # two partners match: listed once


def test_exports_have_a_column_for_the_partners(client, users, form_page):
    from openpyxl import load_workbook

    joint_application(form_page, 1, [TRONDHEIM, STAVANGER])
    make_application(form_page, 2, municipality="0301")
    client.force_login(users["reviewer"])
    header, *rows = exported_csv(client)
    by_reference = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    partners = "Stavanger (1103), Trondheim - Tråante (5001)"
    assert by_reference["VKU-2026-0001"]["Samarbeidskommuner"] == partners
    assert by_reference["VKU-2026-0002"]["Samarbeidskommuner"] == ""
    response = client.post(f"{LIST_URL}?export=xlsx")
    sheet = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    column = sheet[0].index("Samarbeidskommuner")
    assert {row[0]: row[column] for row in sheet[1:]}["VKU-2026-0001"] == partners


def test_who_has_applied_counts_a_partner_as_covered(client, users, form_page):
    joint_application(form_page, 1, [TRONDHEIM])  # Bergen with Trondheim
    joint_application(form_page, 2, [MOLDE], status="trukket")  # withdrawn: Molde not covered
    client.force_login(users["reviewer"])
    url = f"/admin/soknader/hvem-har-sokt/?skjema={form_page.pk}"
    text = visible_text(client.get(url).content.decode())
    assert "2 av 357 kommuner har søkt." in text
    assert "Bergen (4601) Ja: VKU-2026-0001" in text
    assert "Trondheim - Tråante (5001) Ja: VKU-2026-0001 (samarbeidskommune)" in text
    assert "Molde (1506) Nei" in text
    response = client.get(url + "&export=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert [
        "5001",
        "Trondheim - Tråante",
        "Trøndelag - Trööndelage",
        "Ja",
        "VKU-2026-0001 (samarbeidskommune)",
    ] in rows


def count_listing_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL)
    assert response.status_code == 200
    return len(queries)


def test_listing_cost_does_not_grow_with_partners(client, users, form_page):
    client.force_login(users["reviewer"])
    for number in range(1, 4):
        joint_application(form_page, number, [TRONDHEIM])
    with_three = count_listing_queries(client)
    municipalities = list(Municipality.objects.all()[:50])
    for number in range(4, 41):
        application = make_application(form_page, number)
        application.partner_municipalities.set(municipalities[number : number + 3])
    assert ApplicationSubmission.objects.count() == 40
    assert count_listing_queries(client) == with_three
