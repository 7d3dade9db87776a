"""The exports of a round (issue 17, item 6): the ranking and every counted score with its
justification, as CSV and XLSX, formula-safe, hidden rows kept hidden, each export logged."""

import csv
import io
from decimal import Decimal

from wagtail.models import ModelLogEntry

import pytest
from openpyxl import load_workbook

from applications.models import Declaration, Proposal, Recommendation
from tests.assessment.helpers import assign, declare, score
from tests.assessment.ranking_helpers import export_url
from tests.review.helpers import make_application

FORMULA = '=HYPERLINK("https://example.com","Klikk")'


def exported(client, page, kind, file_format):
    response = client.post(export_url(page, kind, file_format))
    assert response.status_code == 200
    assert f'filename="{kind}-{page.pk}.{file_format}"' in response["Content-Disposition"]
    if file_format == "csv":
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(body), delimiter=";"))
    workbook = load_workbook(io.BytesIO(response.content))
    return [
        ["" if cell is None else str(cell) for cell in row]
        for row in workbook.active.iter_rows(values_only=True)
    ]


@pytest.fixture
def scored(form_page, criteria, assessors, users):
    first, second = make_application(form_page, 1), make_application(form_page, 2, "0301")
    score(assign(first, assessors[0]), criteria, [6, 3, 2], justification=FORMULA)
    score(assign(first, assessors[1]), criteria, [2, 2, 2])
    partial = declare(assign(first, users["other_reviewer"]), Declaration.PARTIAL, "Nabo")
    score(partial, criteria, [1, 1, 1], justification="Telles ikke")
    Proposal.objects.create(submission=first, recommendation=Recommendation.YES)
    return first, second


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_ranking_export(client, form_page, users, scored, file_format):
    client.force_login(users["reviewer"])
    rows = exported(client, form_page, "rangering", file_format)
    assert rows[0][:4] == ["Plass", "Referanse", "Kommune", "Fylke"]
    first = rows[1]
    assert first[:7] == ["1", "VKU-2026-0001", "Bergen", "Vestland", "2", "2", "1"]
    assert Decimal(first[7]) == Decimal("2.75")  # (3.5 + 2) / 2
    assert Decimal(first[8]) == Decimal("1.5") and first[9] == "" and first[-1] == "Foreslått ja"
    assert rows[2][:4] == ["", "VKU-2026-0002", "Oslo - Oslove", "Oslo"]
    assert len(rows) == 3


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_scores_export_is_formula_safe(client, form_page, users, scored, file_format):
    client.force_login(users["reviewer"])
    rows = exported(client, form_page, "vurderinger", file_format)
    assert rows[0] == [
        "Referanse",
        "Kommune",
        "Fylke",
        "Fagvurderer",
        "Kriterium",
        "Vekt",
        "Score",
        "Begrunnelse",
        "Levert",
    ]
    assert len(rows) == 1 + 2 * 3  # two counted assessments, three criteria; not the partial
    assert rows[1][:5] == ["VKU-2026-0001", "Bergen", "Vestland", "Anna Vurderer", "Kriterium 1"]
    assert (Decimal(rows[1][5]), rows[1][6]) == (1, "6")
    assert (rows[2][4], Decimal(rows[2][5]), rows[2][6]) == ("Kriterium 2", 2, "3")
    assert rows[1][7] == "'" + FORMULA  # shown as text, never run
    assert rows[1][8]
    assert all("Telles ikke" not in row for row in rows)


def test_hidden_rows_stay_hidden_in_the_exports(client, form_page, criteria, users, scored):
    first, _ = scored
    assign(first, users["reviewer"])  # the reviewer assesses it and has not delivered
    client.force_login(users["reviewer"])
    ranking = exported(client, form_page, "rangering", "csv")
    row = next(r for r in ranking if r[1] == "VKU-2026-0001")
    assert row[0] == "" and row[7] == "Skjult til du har levert din vurdering"
    assert "2.75" not in row
    assert len(exported(client, form_page, "vurderinger", "csv")) == 1  # the heading only


def test_each_exported_application_is_logged(client, form_page, users, scored):
    client.force_login(users["reviewer"])
    exported(client, form_page, "rangering", "csv")
    logged = ModelLogEntry.objects.filter(action="forms.application.export", user=users["reviewer"])
    assert sorted(int(e.object_id) for e in logged) == sorted(a.pk for a in scored)


@pytest.mark.parametrize(
    "path",
    ["eksport/rangering.pdf", "eksport/noe.csv", "eksport/rangering.CSV"],
)
def test_an_unknown_kind_or_format_is_not_found(client, form_page, users, path):
    client.force_login(users["reviewer"])
    assert client.post(f"/admin/vurdering/rangering/{form_page.pk}/{path}").status_code == 404


def test_an_export_is_posted_not_fetched(client, form_page, users, application):
    client.force_login(users["reviewer"])
    assert client.get(export_url(form_page, "rangering", "csv")).status_code == 405
    assert not ModelLogEntry.objects.filter(action="forms.application.export").exists()
