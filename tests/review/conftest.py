"""Fixtures of the review tests: a form page, staff in each group, an application."""

from django.contrib.auth.models import Group

import pytest

from tests.factories import ApplicationFormPageFactory, ProgramIndexPageFactory, ProgramPageFactory
from tests.review.helpers import make_application


@pytest.fixture
def form_page(home_page):
    program = ProgramPageFactory(parent=ProgramIndexPageFactory(parent=home_page))
    return ApplicationFormPageFactory(parent=program)


@pytest.fixture
def users(django_user_model):
    def member(name, group=None, **extra):
        user = django_user_model.objects.create_user(name, password="x", **extra)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return {
        "editor": member("redaktor", "Redaktører"),
        "moderator": member("moderator", "Moderatorer"),
        "reviewer": member("behandler", "Søknadsbehandlere"),
        "other_reviewer": member("behandler2", "Søknadsbehandlere"),
        "superuser": member("sjef", is_superuser=True),
    }


@pytest.fixture
def application(form_page):
    return make_application(form_page, 1)
