"""The municipality list is built once and the chosen one marked per request (issue 20),
with the very markup its template gives (forms/widgets/municipality_select.html)."""

import copy

from django.core.exceptions import ValidationError
from django.forms.renderers import get_default_renderer

import pytest

from forms.fields import MunicipalityField, MunicipalitySelect, options_html
from forms.partner_municipalities import PartnerMunicipalitiesField
from website.cache_generation import new_generation

CHOICES = [("", "Velg kommune"), ("0301", "Oslo"), ("4601", "Bergen"), ("9999", "A & B <c>")]
ATTRS = {"id": "id_kommune", "required": True, "aria-describedby": "x-hjelp", "class": "ds-input"}


@pytest.mark.parametrize("value", [None, "", "4601", "9999", "finnes-ikke"])
@pytest.mark.parametrize("attrs", [ATTRS, None])
def test_the_fast_render_is_the_templates_markup(value, attrs):
    widget = MunicipalitySelect()
    widget.choices = CHOICES
    context = widget.get_context("kommune", value, attrs)
    expected = get_default_renderer().render(widget.template_name, context)
    assert widget.render("kommune", value, attrs) == expected


@pytest.mark.django_db
def test_the_options_are_built_once_and_only_the_choice_differs():
    options_html.cache_clear()
    widget = MunicipalityField().widget
    bergen = widget.render("kommune", "4601", {"id": "id_kommune"})
    blank = widget.render("kommune", None, {"id": "id_kommune"})
    assert options_html.cache_info().misses == 1 and options_html.cache_info().hits == 1
    assert bergen.count(" selected") == 1 and '<option value="4601" selected>' in bergen
    assert blank.count(" selected") == 1 and '<option value="" selected>' in blank
    assert bergen.count("<option") == blank.count("<option") > 350


@pytest.mark.django_db
def test_every_form_shares_the_generations_choices_and_a_new_generation_reads_them_again():
    # Django would normalise and copy the 357 pairs for each field and form
    # (forms/kept_choices.py).
    first, second = MunicipalityField(), MunicipalityField()
    assert first.choices is second.choices is first.widget.choices
    assert copy.deepcopy(first).choices is first.choices
    assert len(first.choices) > 350 and first.choices[0] == ("", "Velg kommune")
    assert first.clean("4601") == "4601"
    with pytest.raises(ValidationError, match="Velg en kommune fra listen."):
        first.clean("9999")
    partners = PartnerMunicipalitiesField()
    assert PartnerMunicipalitiesField().choices is partners.choices

    new_generation()
    assert MunicipalityField().choices is not first.choices
    assert MunicipalityField().choices == first.choices
