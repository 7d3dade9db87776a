"""Fixtures of the application form tests: a form open for applications, its page and
field keys, and e-mails sent at commit."""

import pytest

from tests.application_form.helpers import OPEN
from tests.forms_helpers import build_form


@pytest.fixture
def application_form(home_page, clock):
    clock(OPEN)
    return build_form(home_page)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the transaction to commit (the e-mails), as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def page(application_form):
    return application_form[1]


@pytest.fixture
def keys(application_form):
    return application_form[2]
