"""A program holds its application form; the application form holds its report form and the
round's published results. Each kind only in its place, through Wagtail's own page editor."""

import pytest

from applications.results_page import ResultsPage
from forms.form_kinds import FormKind
from forms.models import ApplicationFormPage
from tests.factories import ApplicationFormPageFactory, ProgramIndexPageFactory, ProgramPageFactory
from tests.page_editor import post_editor, staff_user


@pytest.fixture
def program(home_page):
    return ProgramPageFactory(parent=ProgramIndexPageFactory(parent=home_page))


@pytest.fixture
def form_page(program):
    return ApplicationFormPageFactory(parent=program, title="Søknad")


@pytest.fixture
def superuser(django_user_model):
    return staff_user(django_user_model, "sjef", is_superuser=True)


def add_url(parent):
    return f"/admin/pages/add/forms/applicationformpage/{parent.pk}/"


def add_form(client, parent, kind, title):
    return post_editor(
        client,
        add_url(parent),
        {"title": title, "slug": title.lower(), "form_kind": kind, "reference_prefix": "RAP"},
        publish=True,
    )


def test_a_report_form_is_added_under_its_application_form(client, superuser, form_page):
    client.force_login(superuser)
    response = add_form(client, form_page, FormKind.REPORT, "Rapport")
    assert response.status_code == 302, response.context["form"].errors
    report = ApplicationFormPage.objects.child_of(form_page).get()
    assert report.form_kind == FormKind.REPORT
    # Its window and dates are the program's, through the application form above it.
    assert report.specific.program.pk == form_page.get_parent().pk


def test_only_a_report_form_under_an_application_form(client, superuser, form_page):
    client.force_login(superuser)
    response = add_form(client, form_page, FormKind.APPLICATION, "Nytt")
    assert response.status_code == 200
    assert response.context["form"].errors["form_kind"] == [
        "Et skjema under et søknadsskjema må være et rapportskjema."
    ]
    assert not ApplicationFormPage.objects.child_of(form_page).exists()


def test_no_report_form_directly_under_a_program(client, superuser, program):
    client.force_login(superuser)
    response = add_form(client, program, FormKind.REPORT, "Rapport")
    assert response.status_code == 200
    assert response.context["form"].errors["form_kind"] == [
        "Et rapportskjema legges under søknadsskjemaet det gjelder."
    ]


def test_the_program_links_to_its_application_form_not_the_report_form(form_page):
    report = ApplicationFormPageFactory(
        parent=form_page, title="Rapport", form_kind=FormKind.REPORT
    )
    program = form_page.get_parent().specific
    assert program.application_form().pk == form_page.pk
    assert report.program.pk == program.pk


def test_nobody_adds_a_results_page_by_hand(client, superuser, form_page):
    """The round's results are generated from the decisions (applications/results.py)."""
    client.force_login(superuser)
    response = client.get(f"/admin/pages/add/applications/resultspage/{form_page.pk}/")
    assert response.status_code in (302, 403, 404)
    assert not ResultsPage.objects.exists()
    choices = client.get(f"/admin/pages/{form_page.pk}/add_subpage/")
    assert b"resultspage" not in choices.content.lower()


def test_a_report_form_is_no_round_of_its_own(client, django_user_model, form_page):
    """Ranking, outreach and the dashboard list application forms: a report form's
    «applications» are reports, not a round to rank or a program to follow."""
    report = ApplicationFormPageFactory(
        parent=form_page, title="Rapportskjemaet", form_kind=FormKind.REPORT
    )
    client.force_login(staff_user(django_user_model, "behandler", "Søknadsbehandlere"))
    rounds = client.get("/admin/vurdering/rangering/").content.decode()
    assert form_page.title in rounds
    assert "Rapportskjemaet" not in rounds
    assert client.get(f"/admin/vurdering/rangering/{report.pk}/").status_code == 404
    assert client.get(f"/admin/soknader/hvem-har-sokt/?skjema={report.pk}").status_code == 404
    dashboard = client.get("/admin/").content.decode()
    assert "Rapportskjemaet" not in dashboard


@pytest.mark.parametrize("suffix", ["", "results/", "delete/"])
def test_wagtails_own_submission_views_send_a_report_form_to_the_applications(
    client, superuser, form_page, suffix
):
    """Reports are applications to the report form: Wagtail's «Skjemaer» views neither list,
    export nor delete them, for a superuser either; they lead to «Søknader»."""
    report = ApplicationFormPageFactory(parent=form_page, title="Rapport", form_kind="rapport")
    client.force_login(superuser)
    response = client.get(f"/admin/forms/submissions/{report.pk}/{suffix}")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/soknader/liste/?page={report.pk}"
