"""The review pages («Søknader»): any query string, id, action or stored answer is answered
without a server error, exports included."""

from hypothesis import example, given
from hypothesis import strategies as st

from forms.models import ApplicationSubmission
from tests.fuzz.strategies import (
    ANY_CHARACTER,
    FUZZ,
    FUZZ_MANY,
    id_segment,
    query_strings,
    query_value,
)

LISTING_PARAMS = [
    "page",
    "status",
    "county",
    "assigned_to",
    "submit_time_after",
    "submit_time_before",
    "possible_duplicate",
    "q",
    "ordering",
    "p",
    "id",
    "export",
]


# Server errors the fuzzing found, kept as fixed examples:
@example(query="id=%C2%B2")
@example(query="page=99999999999999999999")
@example(query="export=csv&id=99999999999999999999")
@FUZZ_MANY
@given(query=query_strings(LISTING_PARAMS))
def test_any_query_string_on_the_application_listing_is_answered(reviewer_client, query):
    response = reviewer_client.get(f"/admin/soknader/liste/?{query}")
    # 404: a page of results that does not exist; 400: a number no database column holds.
    assert response.status_code in (200, 400, 404)
    if getattr(response, "streaming", False):  # an export: its rows are made while streamed
        b"".join(response.streaming_content)


@FUZZ
@given(
    export=st.sampled_from(["csv", "xlsx"]),
    query=query_strings([p for p in LISTING_PARAMS if p != "export"]),
)
def test_any_filter_on_an_export_is_answered(reviewer_client, export, query):
    # Asked by GET, done by POST (each export is logged).
    url = f"/admin/soknader/liste/?export={export}&{query}"
    assert reviewer_client.get(url).status_code in (200, 400)
    response = reviewer_client.post(url)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        b"".join(response.streaming_content)


# Server errors the fuzzing found, kept as fixed examples:
@example(path="/admin/soknader/hvem-har-sokt/", query="skjema=%C2%B2")
@example(path="/admin/bulk/forms/applicationsubmission/export/", query="id=abc")
@FUZZ_MANY
@given(
    path=st.sampled_from(
        [
            "/admin/soknader/hvem-har-sokt/",
            "/admin/soknader/innsyn/",
            "/admin/bulk/forms/applicationsubmission/change_status/",
            "/admin/bulk/forms/applicationsubmission/export/",
            "/admin/bulk/forms/applicationsubmission/send_reply_letters/",
        ]
    ),
    query=query_strings(["skjema", "export", "id", "email", "next"]),
)
def test_any_query_string_on_the_other_review_pages_is_answered(reviewer_client, path, query):
    response = reviewer_client.get(f"{path}?{query}")
    assert response.status_code < 500
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)


# Server errors the fuzzing found, kept as fixed examples:
@example(pk="abc", action="status", data={})
@FUZZ_MANY
@given(
    pk=id_segment,
    action=st.sampled_from(["status", "tildel", "notat", "svarbrev", "trekk-lenke"]),
    data=st.dictionaries(
        st.sampled_from(["status", "assigned_to", "text", "resend", "csrfmiddlewaretoken"]),
        query_value,
        max_size=4,
    ),
)
def test_any_review_action_is_answered(reviewer_client, pk, action, data):
    response = reviewer_client.post(f"/admin/soknader/liste/{pk}/{action}/", data)
    assert response.status_code in (302, 404), (pk, action)


@FUZZ_MANY
@given(
    view=st.sampled_from(["inspect", "history", "usage", "edit"]),
    pk=id_segment,
    query=query_strings(["p", "ordering", "q"]),
)
def test_any_application_page_address_is_answered(reviewer_client, view, pk, query):
    response = reviewer_client.get(f"/admin/soknader/liste/{view}/{pk}/?{query}")
    assert response.status_code in (200, 302, 400, 404), (view, pk)
    response = reviewer_client.get(f"/admin/soknader/vedlegg/{pk}/")
    assert response.status_code == 404


@FUZZ
@given(
    answer=st.one_of(
        st.text(ANY_CHARACTER.filter(lambda c: c != "\x00"), max_size=60),
        st.sampled_from(["=1+1", "-5", "@x", "\t=1", "\r=1", "'", "\x01\x0b\ufffe", "\u202e=1"]),
    )
)
def test_any_stored_answer_can_be_exported(reviewer_client, fuzz_form, answer):
    # Old applications may hold what the form now removes; PostgreSQL holds no NUL at all.
    import csv
    import io
    import uuid

    from openpyxl import load_workbook

    from applications.spreadsheets import spreadsheet_safe

    page, _keys = fuzz_form
    submission = ApplicationSubmission.objects.create(
        page=page,
        reference=f"FUZ-{uuid.uuid4().hex[:12]}",
        form_data={"svar": answer},
        field_labels=[{"key": "svar", "label": "Svar", "type": "multiline"}],
    )
    expected = spreadsheet_safe(answer)
    csv_response = reviewer_client.post(f"/admin/soknader/liste/?export=csv&id={submission.pk}")
    body = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    header, row = csv.reader(io.StringIO(body, newline=""), delimiter=";")
    assert dict(zip(header, row, strict=True))["Svar"] == expected
    xlsx_response = reviewer_client.post(f"/admin/soknader/liste/?export=xlsx&id={submission.pk}")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx_response.streaming_content))).active
    header, row = sheet.iter_rows(values_only=True)
    # (XML turns a carriage return into a line feed.)
    assert (dict(zip(header, row, strict=True))["Svar"] or "") == expected.replace("\r", "\n")
    submission.delete()
