"""«Samarbeidskommuner»: a joint application names its partner municipalities, picked from
the register by county without JavaScript; the lead cannot be its own partner, and a
partner counts in the possible-duplicate mark."""

import re

import pytest

from forms.models import ApplicationSubmission
from tests.application_form.helpers import errors_of
from tests.application_form.test_steps import by_key, contact_step, first_step, step_post
from tests.conftest import oslo
from tests.factories import ApplicationFormFieldFactory
from tests.forms_helpers import ENGLISH_FORM_STRINGS, post_application, valid_answers
from tests.published_translation import translate_and_publish
from tests.text import visible_text

TRONDHEIM, STAVANGER, OSLO, BERGEN = "5001", "1103", "0301", "4601"


@pytest.fixture
def partners_key(page, keys):
    """«Samarbeidskommuner» right after «Kommune»: on the first step, with the lead."""
    field = ApplicationFormFieldFactory(
        page=page, label="Samarbeidskommuner", field_type="partners", required=False
    )
    order = [f for f in page.form_fields.order_by("sort_order") if f.pk != field.pk]
    lead = next(i for i, f in enumerate(order) if f.clean_name == keys["municipality"])
    order.insert(lead + 1, field)
    for number, form_field in enumerate(order):
        form_field.sort_order = number
        form_field.save(update_fields=["sort_order"])
    page.save_revision().publish()
    return field.clean_name


def apply(client, page, keys, partners_key, partners, **overrides):
    answers = valid_answers(keys, **overrides)
    answers[partners_key] = partners
    return post_application(client, page, answers)


def field_html(response, key):
    html = response.content.decode()
    start = html.index(f'id="felt-{key}"')
    end = html.find('<div class="form-field', start + 1)
    return html[start : end if end > 0 else html.index("</form>", start)]


def test_two_partners_are_stored_and_read_by_name(client, page, keys, partners_key):
    response = apply(client, page, keys, partners_key, [TRONDHEIM, STAVANGER])
    assert response.status_code == 302, errors_of(response)
    application = ApplicationSubmission.objects.get()
    assert application.municipality_id == BERGEN
    assert sorted(m.number for m in application.partner_municipalities.all()) == [
        STAVANGER,
        TRONDHEIM,
    ]
    # In the answers too, by name, as the receipt and the status page show them.
    assert application.form_data[partners_key] == [TRONDHEIM, STAVANGER]
    answers = dict(row for _heading, rows in application.answers() for row in rows)
    assert answers["Samarbeidskommuner"] == "Trondheim - Tråante (5001), Stavanger (1103)"


def test_a_joint_application_is_optional(client, page, keys, partners_key):
    response = apply(client, page, keys, partners_key, [])
    assert response.status_code == 302, errors_of(response)
    application = ApplicationSubmission.objects.get()
    assert not application.partner_municipalities.exists()
    answers = dict(row for _heading, rows in application.answers() for row in rows)
    assert answers["Samarbeidskommuner"] == "–"


def test_the_lead_cannot_be_its_own_partner(client, page, keys, partners_key):
    response = apply(client, page, keys, partners_key, [TRONDHEIM, BERGEN])
    assert response.status_code == 200
    assert not ApplicationSubmission.objects.exists()
    message = "Samarbeidskommunene kan ikke omfatte søkerkommunen."
    assert message in errors_of(response)
    # Next to the field, with the choices and the other answers kept.
    field = field_html(response, partners_key)
    assert message in visible_text(field)
    assert re.search(rf'value="{TRONDHEIM}" id="[^"]+" checked', field)
    assert re.search(rf'value="{BERGEN}" id="[^"]+" checked', field)
    assert 'value="Kari Nordmann"' in response.content.decode()


@pytest.mark.parametrize("posted", ["9999", "abc", "0301'; DROP TABLE x; --", "4" * 5000])
def test_a_number_not_in_the_register_is_refused_in_norwegian(
    client, page, keys, partners_key, posted
):
    response = apply(client, page, keys, partners_key, [TRONDHEIM, posted])
    assert response.status_code == 200
    assert "Velg kommuner fra listen." in errors_of(response)
    assert not ApplicationSubmission.objects.exists()


def test_the_checkboxes_are_grouped_by_county_in_a_fieldset(client, page, keys, partners_key):
    html = client.get(page.url).content.decode()
    field = html[html.index(f'id="felt-{partners_key}"') :]
    # The field's own fieldset and legend, then one folded county each with its own legend.
    assert re.search(
        r'<fieldset class="ds-fieldset"[^>]*>\s*<legend class="ds-label">'
        r"Samarbeidskommuner",
        field,
    )
    assert field.count('<details class="partner-municipalities__county"') == 15
    assert "<summary>Oslo" in field and '<legend class="visually-hidden">Oslo</legend>' in field
    assert " open>" not in field.split("</form>")[0]  # nothing chosen: all folded
    # The error summary links to «<id>_0»: the first checkbox has that id.
    assert f'id="id_{partners_key}_0"' in field


def test_a_county_with_choices_stays_open_and_counts_them(client, page, keys, partners_key):
    response = apply(client, page, keys, partners_key, [TRONDHEIM, BERGEN])
    field = field_html(response, partners_key)
    counties = re.findall(
        r"<details[^>]*?( open)?>\s*<summary>([^<]+)<span[^>]*>\(([^)]+)\)", field
    )
    opened = {name.strip(): count for is_open, name, count in counties if is_open}
    assert opened == {"Trøndelag - Trööndelage": "1 valgt", "Vestland": "1 valgt"}


def test_a_partner_makes_a_possible_duplicate(client, page, keys, partners_key, clock):
    # Bergen leads with Trondheim; later Trondheim leads with Stavanger.
    first = apply(client, page, keys, partners_key, [TRONDHEIM])
    assert first.status_code == 302, errors_of(first)
    clock(oslo(2026, 4, 1, 12, 5))
    apply(client, page, keys, partners_key, [STAVANGER], municipality=TRONDHEIM)
    clock(oslo(2026, 4, 1, 12, 10))
    # Oslo names Stavanger, a partner in the second one: the first earlier one is the second.
    apply(client, page, keys, partners_key, [STAVANGER], municipality=OSLO)
    clock(oslo(2026, 4, 1, 12, 15))
    apply(client, page, keys, partners_key, [], municipality="1506")  # Molde: nobody else
    bergen, trondheim, oslo_, molde = ApplicationSubmission.objects.order_by("submit_time")
    assert bergen.duplicate_of is None
    assert trondheim.duplicate_of == bergen
    assert oslo_.duplicate_of == trondheim
    assert molde.duplicate_of is None


def test_the_english_form_asks_in_english_and_stores_the_same_partners(
    client, home_page, application_form, partners_key
):
    program, form_page, keys = application_form
    memory = {**ENGLISH_FORM_STRINGS, "Samarbeidskommuner": "Partner municipalities"}
    for page in [home_page, program.get_parent(), program]:
        translate_and_publish(page)
    english_form = translate_and_publish(form_page, memory)
    html = client.get(english_form.url).content.decode()
    assert re.search(r'<legend class="ds-label">Partner municipalities', html)
    assert "<summary>Trøndelag - Trööndelage" in html  # the register's names in both
    response = apply(client, english_form, keys, partners_key, [TRONDHEIM], size="100 to 500")
    assert response.status_code == 302, errors_of(response)
    application = ApplicationSubmission.objects.get()
    assert application.language == "en" and application.page_id == form_page.pk
    assert [m.number for m in application.partner_municipalities.all()] == [TRONDHEIM]


# Step by step (a form with section headings)


def test_on_the_leads_step_the_lead_is_refused_as_a_partner(client, page, keys, partners_key):
    answers = {**by_key(keys, first_step(keys)), partners_key: [BERGEN, STAVANGER]}
    response = step_post(client, page, 1, answers)
    assert response.status_code == 200
    assert "Samarbeidskommunene kan ikke omfatte søkerkommunen." in errors_of(response)
    assert re.search(rf'value="{STAVANGER}" id="[^"]+" checked', response.content.decode())


def test_partners_on_a_later_step_are_checked_against_the_lead_before_sending(client, page, keys):
    field = ApplicationFormFieldFactory(
        page=page, label="Samarbeidskommuner", field_type="partners", required=False
    )
    page.save_revision().publish()
    step_post(client, page, 1, by_key(keys, first_step(keys)))  # Bergen leads
    # Step 2 cannot see the lead: it passes, and the summary's «Send» finds the error.
    answers = {**contact_step(keys), field.clean_name: [BERGEN, STAVANGER]}
    assert step_post(client, page, 2, answers).status_code == 302
    response = step_post(client, page, 2, {}, "send")
    assert response.status_code == 200
    assert not ApplicationSubmission.objects.exists()
    # Back on the partners' step, with the error shown there and the choices kept.
    assert "Samarbeidskommunene kan ikke omfatte søkerkommunen." in errors_of(response)
    field_html_ = field_html(response, field.clean_name)
    assert re.search(rf'value="{STAVANGER}" id="[^"]+" checked', field_html_)
    # Bergen taken away, it is sent.
    answers[field.clean_name] = [STAVANGER]
    step_post(client, page, 2, answers, "oppsummering")
    assert step_post(client, page, 2, {}, "send").status_code == 302
    application = ApplicationSubmission.objects.get()
    assert [m.number for m in application.partner_municipalities.all()] == [STAVANGER]
