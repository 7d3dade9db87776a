"""An editor who saves a page whose free text names a date the program no longer has is
warned in Norwegian, naming the field and the date, and the save goes through."""

from django.contrib.messages import get_messages

import pytest

from program.models import ProgramPage
from tests.conftest import oslo
from tests.factories import (
    ApplicationFormPageFactory,
    ProgramIndexPageFactory,
    ProgramPageFactory,
)
from tests.page_editor import edit_url, post_editor, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(home_page):
    index = ProgramIndexPageFactory(parent=home_page)
    page = ProgramPageFactory(parent=index, intro="Søknadsfrist 13. april.")
    ApplicationFormPageFactory(parent=page, thank_you_text="<p>Vi svarer innen 30. april 2026.</p>")
    return page


@pytest.fixture
def editor(client, django_user_model):
    user = staff_user(django_user_model, "redaktor", "Redaktører", is_staff=True)
    client.force_login(user)
    return user


def warnings_after(response):
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


def test_no_warning_while_the_text_fits(client, editor, program):
    response = post_editor(client, edit_url(program), {"body-count": "0"})
    assert response.status_code == 302
    assert warnings_after(response) == []


def test_moving_the_deadline_warns_about_the_programs_and_the_forms_text(client, editor, program):
    response = post_editor(
        client,
        edit_url(program),
        {"application_closes": "2026-04-20 23:59", "reply_date": "2026-05-07", "body-count": "0"},
    )
    assert response.status_code == 302  # saved: a warning, never a block
    assert ProgramPage.objects.get(
        pk=program.pk
    ).get_latest_revision_as_object().application_closes == oslo(2026, 4, 20, 23, 59)
    warnings = warnings_after(response)
    assert any(
        "«13. april» i feltet «Ingress»" in w and "stemmer ikke med programmets datoer" in w
        for w in warnings
    ), warnings
    assert any("«30. april 2026» i feltet «Tekst på bekreftelsessiden»" in w for w in warnings), (
        warnings
    )


def test_the_form_page_is_checked_against_its_programs_dates(client, editor, program):
    form_page = program.get_children().get()
    response = post_editor(
        client,
        edit_url(form_page),
        {"receipt_text": "Vi tar kontakt i juli."},
    )
    assert response.status_code == 302
    warnings = warnings_after(response)
    assert any("«i juli» i feltet «Tekst i kvitteringen på e-post»" in w for w in warnings)
    assert not any("30. april 2026" in w for w in warnings)  # the reply date is 30 April
