"""Fixtures of the assessment tests: the review tests' form page, staff and application,
criteria on the form, and two outside assessors."""

import pytest

from tests.assessment.helpers import add_criteria, make_assessor
from tests.review.conftest import application, form_page, users  # noqa: F401 (fixtures)


@pytest.fixture
def criteria(form_page):  # noqa: F811
    """Three criteria on the form page: weights 1, 2 and 1, scale 1–6."""
    return add_criteria(form_page, 1, 2, 1)


@pytest.fixture
def assessors(django_user_model):
    """Two panel members from outside the staff (group «Eksterne fagvurderere»)."""
    return [make_assessor(django_user_model, name) for name in ("anna", "bjorn")]
