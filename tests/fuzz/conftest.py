"""Fixtures of the fuzz tests: the form with every field type, and clients as visitors and
reviewers see the site."""

from django.contrib.auth.models import Group
from django.test import Client

import pytest

from forms.models import ApplicationSubmission
from tests.conftest import oslo
from tests.factories import (
    ApplicationFormFieldFactory,
    ApplicationFormPageFactory,
    ProgramIndexPageFactory,
    ProgramPageFactory,
)
from tests.fuzz.form import FIELDS, VALID, named, post_form


@pytest.fixture
def fuzz_form(home_page, clock, settings):
    """A published form with every field type, open for applications, without rate limit."""
    clock(oslo(2026, 4, 1, 12, 0))
    settings.APPLICATION_RATE_LIMIT = (10**6, 600)
    program = ProgramPageFactory(
        parent=ProgramIndexPageFactory(parent=home_page), title="Veiledning", slug="veiledning"
    )
    page = ApplicationFormPageFactory(parent=program)
    keys = {}
    for key, label, field_type, options in FIELDS:
        keys[key] = ApplicationFormFieldFactory(
            page=page, label=label, field_type=field_type, **options
        ).clean_name
    page.save_revision().publish()
    page.refresh_from_db()
    return page, keys


@pytest.fixture
def web():
    """A client that returns the 500 page instead of raising, as a browser would see it."""
    return Client(raise_request_exception=False)


@pytest.fixture
def reviewer_client(fuzz_form, django_user_model):
    """A logged-in reviewer, with applications of every kind in the listing."""
    page, keys = fuzz_form
    user = django_user_model.objects.create_user("behandler", password="x")
    user.groups.add(Group.objects.get(name="Søknadsbehandlere"))
    web = Client(raise_request_exception=False)
    for answers in [
        VALID,
        {**VALID, "municipality": "0301", "name": "=SUM(A1)", "why": "-2+3"},
        {**VALID, "why": "Linje 1\r\nLinje 2 ✓ 𝕂 \u202e"},
    ]:
        post_form(web, page, named(keys, answers))
    first = ApplicationSubmission.objects.order_by("pk").first()
    first.assigned_to = user
    first.save()
    web.force_login(user)
    return web
