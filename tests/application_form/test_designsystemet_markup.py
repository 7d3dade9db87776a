"""The application form's markup is Designsystemet's (issue 19): ds-field with ds-label,
ds-input on every widget, a choice group as ds-fieldset with a legend and each choice its own
ds-field, ds-validation-message by each field and ds-error-summary on top."""

import re

import pytest

from tests.factories import ApplicationFormFieldFactory
from tests.forms_helpers import post_application, valid_answers


@pytest.fixture
def radio_key(page):
    field = ApplicationFormFieldFactory(
        page=page, label="Hvor mange skoler?", field_type="radio", choices="Én\nFlere"
    )
    page.save_revision().publish()
    return field.clean_name


def field_html(html, key):
    start = html.index(f'id="felt-{key}"')
    end = html.find('<div class="form-field', start + 1)
    return html[html.rindex("<div", 0, start) : end if end > 0 else html.index("</form>", start)]


def test_a_text_field_is_a_ds_field_with_its_label_error_and_input(client, page, keys):
    response = post_application(client, page, valid_answers(keys, name=""))
    html = response.content.decode()
    field = field_html(html, keys["name"])
    key = keys["name"]
    assert field.startswith('<div class="form-field ds-field form-field--error"')
    assert re.search(rf'<label class="ds-label" for="id_{key}">Navn ', field)
    error = f'<p class="ds-validation-message" data-field="validation" id="id_{key}-feil">'
    assert error in field
    widget = re.search(r"<input [^>]*>", field).group(0)
    assert 'class="ds-input"' in widget
    assert f'aria-describedby="id_{key}-feil"' in widget and 'aria-invalid="true"' in widget
    # The error comes before the input, so a reader meets it first.
    assert field.index(error) < field.index(widget)


def test_every_widget_has_ds_input(client, page, keys):
    html = client.get(page.url).content.decode()
    start = html.index('<form class="application-form"')
    form = html[start : html.index("</form>", start)]
    for key in ("municipality", "orgnr"):
        widget = re.search(rf'<(input|select|textarea)[^>]*name="{keys[key]}"[^>]*>', form)
        assert widget and 'class="ds-input"' in widget.group(0), key


def test_a_choice_group_is_a_ds_fieldset_with_each_choice_a_ds_field(client, page, keys, radio_key):
    response = post_application(client, page, valid_answers(keys))
    field = field_html(response.content.decode(), radio_key)
    assert re.search(r'<fieldset class="ds-fieldset"[^>]*>\s*<legend class="ds-label">', field)
    choices = re.findall(r'<div class="ds-field"><input ([^>]*)>\s*<label for="([^"]+)">', field)
    assert [label_for for _, label_for in choices] == [f"id_{radio_key}_0", f"id_{radio_key}_1"]
    for attrs, label_for in choices:
        assert 'type="radio"' in attrs and 'class="ds-input"' in attrs
        assert f'id="{label_for}"' in attrs
    assert f'id_{radio_key}-feil"' in re.search(r'aria-describedby="[^"]*"', field).group(0)


def test_the_error_summary_is_ds_error_summary_and_links_to_the_fields(client, page, keys):
    html = post_application(client, page, valid_answers(keys, name="")).content.decode()
    summary = re.search(r'<div class="ds-error-summary"([^>]*)>(.*?)</div>', html, re.S)
    assert summary, html[:500]
    assert 'tabindex="-1"' in summary.group(1) and "autofocus" in summary.group(1)
    assert 'aria-labelledby="error-summary-title"' in summary.group(1)
    assert f'<a href="#id_{keys["name"]}">Navn: ' in summary.group(2)
