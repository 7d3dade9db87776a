"""Wagtail's revision comparison («Sammenlign») shows dates and times in Oslo time and in
Norwegian formats, yes/no in words, and never «None» for an empty value."""

import datetime

from django.contrib.auth.models import Group

import pytest

from program.models import Gathering, ProgramMilestone
from tests.conftest import oslo
from tests.factories import ProgramIndexPageFactory, ProgramPageFactory
from tests.text import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderator", password="x")
    user.groups.add(Group.objects.get(name="Moderatorer"))
    return user


@pytest.fixture
def revisions(home_page):
    """Two revisions of a program page: the window moved, the webinar removed, a gathering
    with no times and a milestone with no end added."""
    program = ProgramPageFactory(
        parent=ProgramIndexPageFactory(parent=home_page),
        information_webinar=oslo(2026, 3, 25, 14, 0),
    )
    before = program.save_revision()
    program = program.get_latest_revision_as_object()
    program.application_closes = oslo(2026, 4, 20, 23, 59)
    program.information_webinar = None
    program.program_end = datetime.date(2028, 6, 30)
    program.gatherings.add(
        Gathering(
            date=datetime.date(2026, 11, 11),
            title="Samling",
            audience="Rektor",
            mode=Gathering.Mode.DIGITAL,
        )
    )
    program.milestones.add(
        ProgramMilestone(
            date=datetime.date(2026, 5, 1), months_only=False, description="Kontakt med veileder"
        )
    )
    after = program.save_revision()
    return program, before, after


def compared(client, revisions):
    program, before, after = revisions
    response = client.get(f"/admin/pages/{program.pk}/revisions/compare/{before.pk}...{after.pk}/")
    assert response.status_code == 200
    return visible_text(response.content.decode())


def test_dates_are_in_oslo_time_and_norwegian(client, moderator, revisions):
    client.force_login(moderator)
    text = compared(client, revisions)
    # The deadline moved: both in Oslo time (UTC would say 21.59).
    assert "13. april 2026 kl. 23.59" in text
    assert "20. april 2026 kl. 23.59" in text
    assert "21.59" not in text and "+00:00" not in text
    # The webinar removed, the programme's end moved: days as Norwegian dates.
    assert "25. mars 2026 kl. 14.00" in text
    assert "30. juni 2028" in text and "2028-06-30" not in text
    # The new gathering and milestone.
    assert "11. november 2026" in text
    assert "1. mai 2026" in text


def test_nothing_reads_none(client, moderator, revisions):
    client.force_login(moderator)
    text = compared(client, revisions)
    assert "None" not in text
    assert "True" not in text and "False" not in text
