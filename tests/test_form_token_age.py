"""The signed token of a shown form expires after a long sitting (12 hours), and an
expired one never loses the applicant's answers."""

import re
import time
import uuid
from unittest import mock

from django.test import override_settings

import pytest

from forms.intake_guards import TOKEN_FIELD, FormToken
from forms.models import ApplicationSubmission
from tests.conftest import oslo
from tests.forms_helpers import build_form, post_application, valid_answers

HOUR = 3600


def long_sitting_notice(hours):
    """The notice word for word, as the whole text of its element."""
    return (
        "<p>Søknaden ble ikke sendt: skjemaet hadde vært åpent i mer enn "
        f"{hours} timer. Svarene dine står fortsatt i skjemaet. Se over dem, legg ved "
        "eventuelle filer på nytt og send.</p>"
    )


@pytest.fixture
def application_form(home_page, clock):
    clock(oslo(2026, 4, 1, 12, 0))
    return build_form(home_page)


def token_signed(seconds_ago):
    """A genuine token, as the form would have carried it when shown `seconds_ago`."""
    then = time.time() - seconds_ago
    with mock.patch("time.time", return_value=then):
        return FormToken(uuid.uuid4(), then).dumps()


def test_a_form_token_older_than_twelve_hours_is_refused_with_the_answers_kept(
    client, application_form
):
    _program, page, keys = application_form
    for age in (12 * HOUR + 60, 400 * 24 * HOUR):
        old_token = token_signed(age)
        response = post_application(client, page, valid_answers(keys), token=old_token)
        html = response.content.decode()
        assert response.status_code == 200
        assert long_sitting_notice(12) in html
        # Filled in again, with a fresh token, so sending again works.
        assert 'value="Kari Nordmann"' in html
        assert "Vi vil bygge et profesjonsfellesskap." in html
        fresh = re.search(rf'name="{TOKEN_FIELD}" value="([^"]+)"', html).group(1)
        assert fresh != old_token and FormToken.loads(fresh) is not None
        assert not ApplicationSubmission.objects.exists()

    resent = post_application(client, page, valid_answers(keys), token=fresh)
    assert resent.status_code == 302
    assert ApplicationSubmission.objects.count() == 1


def test_a_form_sent_within_twelve_hours_of_being_shown_is_stored(client, application_form):
    _program, page, keys = application_form
    response = post_application(client, page, valid_answers(keys), token=token_signed(11 * HOUR))
    assert response.status_code == 302, response.content.decode()
    assert ApplicationSubmission.objects.count() == 1


@override_settings(APPLICATION_FORM_MAX_AGE_HOURS=2)
def test_the_form_lifetime_is_a_setting(client, application_form):
    _program, page, keys = application_form
    response = post_application(client, page, valid_answers(keys), token=token_signed(3 * HOUR))
    assert long_sitting_notice(2) in response.content.decode()
    assert not ApplicationSubmission.objects.exists()
