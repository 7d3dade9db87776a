"""The admin as staff reach it: Wagtail's listings, filters, search, history, usage, API,
choosers and reports, and «Søknader», as an editor, a moderator and a reviewer."""

from django.contrib.auth.models import Group
from django.test import Client

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from forms.models import ApplicationSubmission
from tests.fuzz.strategies import FUZZ_MANY, id_segment, query_strings

ADMIN_PAGES = [
    "/admin/",
    "/admin/pages/",
    "/admin/pages/{home}/",
    "/admin/pages/{home}/results/",
    "/admin/pages/{form}/edit/",
    "/admin/pages/{form}/history/",
    "/admin/pages/{form}/usage/",
    "/admin/pages/{program}/delete/",
    "/admin/pages/search/",
    "/admin/search/",
    "/admin/reports/site-history/",
    "/admin/reports/site-history/results/",
    "/admin/reports/locked/",
    "/admin/reports/aging-pages/",
    "/admin/reports/workflow/",
    "/admin/reports/workflow_tasks/",
    "/admin/reports/oversettelser/",
    "/admin/localize/reports/translations/",
    "/admin/api/main/pages/",
    "/admin/api/main/pages/{home}/",
    "/admin/api/main/images/",
    "/admin/api/main/documents/",
    "/admin/choose-page/",
    "/admin/choose-page/{home}/",
    "/admin/choose-page/search/",
    "/admin/images/",
    "/admin/images/chooser/",
    "/admin/documents/",
    "/admin/documents/chooser/",
    "/admin/snippets/",
    "/admin/forms/",
    "/admin/forms/submissions/{form}/",
    "/admin/bulk/wagtailcore/page/delete/",
    "/admin/bulk/wagtailcore/page/publish/",
    "/admin/bulk/forms/applicationsubmission/delete/",
    "/admin/workflows/list/",
    "/admin/redirects/",
    "/admin/localize/api/snippets/forms/applicationsubmission/",
    "/admin/soknader/liste/",
    "/admin/soknader/liste/results/",
    "/admin/soknader/liste/history/{app}/",
    "/admin/soknader/liste/usage/{app}/",
    "/admin/soknader/hvem-har-sokt/",
    "/admin/tag-autocomplete/",
]
ADMIN_PARAMS = [
    "p",
    "page",
    "q",
    "ordering",
    "user",
    "owner",
    "content_type",
    "offset",
    "limit",
    "id",
    "timestamp_after",
    "timestamp_before",
    "action",
    "object_type",
    "locale",
    "child_of",
    "type",
    "fields",
    "search",
    "order",
    "parent",
    "collection_id",
    "tag",
    "next",
    "status",
    "county",
    "assigned_to",
    "submit_time_after",
    "possible_duplicate",
    "skjema",
    "export",
    "latest_revision_created_at_after",
    "has_child_pages",
    "site",
    "describe_on_delete",
]
STAFF_GROUPS = {
    "editor": "Redaktører",
    "moderator": "Moderatorer",
    "reviewer": "Søknadsbehandlere",
}


@pytest.fixture
def staff_clients(reviewer_client, fuzz_form, django_user_model):
    """A signed-in client per staff group, and the ids the admin's addresses take."""
    page, _keys = fuzz_form
    clients = {"reviewer": reviewer_client}
    for role in ("editor", "moderator"):
        user = django_user_model.objects.create_user(role, password="x")
        user.groups.add(Group.objects.get(name=STAFF_GROUPS[role]))
        clients[role] = Client(raise_request_exception=False)
        clients[role].force_login(user)
    ids = {
        "home": page.get_parent().get_parent().get_parent().pk,
        "form": page.pk,
        "program": page.get_parent().pk,
        "app": ApplicationSubmission.objects.order_by("pk").first().pk,
    }
    return clients, ids


# Server errors the fuzzing found, kept as fixed examples:
@example(role="editor", path="/admin/reports/site-history/", query="user=99999999999999999999")
@example(role="moderator", path="/admin/api/main/pages/", query="offset=9223372036854775808")
@example(role="editor", path="/admin/pages/{home}/", query="owner=99999999999999999999")
@example(role="reviewer", path="/admin/pages/{home}/results/", query="content_type=1e400")
@FUZZ_MANY
@given(
    role=st.sampled_from(sorted(STAFF_GROUPS)),
    path=st.sampled_from(ADMIN_PAGES),
    query=query_strings(ADMIN_PARAMS),
)
def test_any_query_string_on_the_admin_staff_reach_is_answered(staff_clients, role, path, query):
    clients, ids = staff_clients
    url = path.format(**ids)
    response = clients[role].get(f"{url}?{query}")
    assert response.status_code < 500, (role, url, query)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)


@FUZZ_MANY
@given(
    role=st.sampled_from(sorted(STAFF_GROUPS)),
    path=st.sampled_from(
        [
            "/admin/pages/{id}/",
            "/admin/pages/{id}/edit/",
            "/admin/pages/{id}/history/",
            "/admin/pages/{id}/usage/",
            "/admin/pages/{id}/delete/",
            "/admin/choose-page/{id}/",
            "/admin/api/main/pages/{id}/",
            "/admin/forms/submissions/{id}/",
            "/admin/soknader/liste/inspect/{id}/",
            "/admin/localize/api/snippets/forms/x/{id}/",
        ]
    ),
    pk=id_segment,
)
def test_any_id_in_an_admin_address_is_answered(staff_clients, role, path, pk):
    clients, _ids = staff_clients
    url = path.format(id=pk)
    response = clients[role].get(url)
    assert response.status_code < 500, (role, url)
