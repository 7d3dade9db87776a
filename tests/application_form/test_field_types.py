"""Field types: phone numbers, organisation numbers, municipalities, sections and required
fields; errors listed on top and by each field."""

import pytest

from forms.models import ApplicationSubmission
from tests.application_form.helpers import errors_of
from tests.forms_helpers import post_application, valid_answers

# Field types


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+47 55 56 55 60", "+4755565560"),
        ("0047 55565560", "+4755565560"),
        ("55 56 55 60", "+4755565560"),
        ("412 34 567", "+4741234567"),
    ],
)
def test_phone_numbers_are_accepted_in_usual_forms_and_stored_internationally(
    client, page, keys, typed, stored
):
    response = post_application(client, page, valid_answers(keys, phone=typed))
    assert response.status_code == 302, errors_of(response)
    assert ApplicationSubmission.objects.get().form_data[keys["phone"]] == stored


@pytest.mark.parametrize("typed", ["12345", "+46 8 123 456 78", "telefon", "5556556"])
def test_bad_phone_numbers_are_refused_in_norwegian(client, page, keys, typed):
    response = post_application(client, page, valid_answers(keys, phone=typed))
    assert response.status_code == 200
    assert "Skriv et norsk telefonnummer med åtte sifre" in errors_of(response)
    assert not ApplicationSubmission.objects.exists()


def test_organisation_number_is_checked_with_mod11(client, page, keys):
    bad_check_digit = post_application(client, page, valid_answers(keys, orgnr="974760674"))
    assert "Dette er ikke et gyldig organisasjonsnummer" in errors_of(bad_check_digit)
    too_short = post_application(client, page, valid_answers(keys, orgnr="97476067"))
    assert "Organisasjonsnummeret skal ha ni sifre" in errors_of(too_short)
    good = post_application(client, page, valid_answers(keys, orgnr="974 760 673"))
    assert good.status_code == 302
    assert ApplicationSubmission.objects.get().form_data[keys["orgnr"]] == "974760673"


def test_municipality_must_be_one_of_the_list(client, page, keys):
    response = post_application(client, page, valid_answers(keys, municipality="9999"))
    assert "Velg en kommune fra listen." in errors_of(response)
    response = post_application(client, page, valid_answers(keys, municipality="4601"))
    submission = ApplicationSubmission.objects.get()
    assert (submission.municipality.name, submission.municipality.county) == ("Bergen", "Vestland")


def test_municipalities_with_the_same_name_show_their_county(client, page):
    html = client.get(page.url).content.decode()
    assert '<option value="1515">Herøy (Møre og Romsdal)</option>' in html
    assert '<option value="1818">Herøy (Nordland - Nordlánnda)</option>' in html
    assert '<option value="4601">Bergen</option>' in html
    assert html.count("<option value=") >= 357


def test_sections_group_their_fields_in_fieldsets(client, page):
    html = client.get(page.url).content.decode()
    section = html.split('<fieldset class="form-section ds-fieldset"')[1].split("</fieldset>")[0]
    assert '<legend><h2 class="form-section__heading">Kommunen</h2></legend>' in section
    assert "Om kommunen" in section
    assert "Organisasjonsnummer" in section and "Kontaktperson" not in section


def test_required_fields_are_marked_in_text_and_autocomplete_is_set(client, page, keys):
    # The form has two steps: the second one opens once the first is answered.
    html = client.get(page.url).content.decode()
    first_step = {k: v for k, v in valid_answers(keys).items() if k in html}
    post_application(client, page, {**first_step, "steg": 1, "handling": "neste"})
    html += client.get(f"{page.url}?steg=2").content.decode()
    assert 'Navn <span class="field__required">(må fylles ut)</span>' in html
    assert 'Vedlegg <span class="field__required">' not in html
    assert f'name="{keys["name"]}"' in html and 'autocomplete="name"' in html
    assert 'autocomplete="email"' in html and 'autocomplete="tel"' in html
    assert 'type="tel"' in html


# Errors


def test_errors_are_listed_on_top_and_by_each_field_and_keep_what_was_typed(client, page, keys):
    answers = valid_answers(keys, email="kari@", orgnr="123", commitment=None)
    response = post_application(client, page, answers)
    html = response.content.decode()
    assert response.status_code == 200
    summary = (
        html.split('id="feiloppsummering"')[0].rsplit("<div", 1)[1]
        + html.split('id="feiloppsummering"')[1].split("</div>")[0]
    )
    assert 'tabindex="-1" autofocus' in summary
    assert "Skjemaet har 3 feil" in summary
    assert f'<a href="#id_{keys["email"]}">E-post: Skriv en gyldig e-postadresse' in summary
    assert f'<a href="#id_{keys["commitment"]}">' in summary
    # Next to the field, tied to it for screen readers.
    assert f'id="id_{keys["email"]}-feil"' in html
    assert f'aria-describedby="id_{keys["email"]}-feil"' in html
    assert 'aria-invalid="true"' in html
    # Nothing typed is lost.
    assert 'value="Kari Nordmann"' in html
    assert 'value="kari@"' in html
    assert "Vi vil bygge et profesjonsfellesskap." in html
    assert '<option value="4601" selected>Bergen</option>' in html
    assert '<option value="100–500" selected>100–500</option>' in html
    # Issue 16: a file is no longer dropped, so nobody is asked to choose it again.
    assert "Filer må velges på nytt" not in html
    assert not ApplicationSubmission.objects.exists()
