"""A form with section headings is filled in one section per step (issue 16, item 1).

The steps are cut from the form's own fields (a draft's: the form as it was when the draft
started), and a step's form is the whole form's class with only that step's fields kept, so
every rule and message stays the one the one-page form has."""

from dataclasses import dataclass, field

from django.forms import BooleanField
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

STEP_PARAMETER = "steg"
DECLARATION_FIELD = "erklaering"
SUMMARY = "oppsummering"


@dataclass
class Step:
    number: int  # from 1, as the applicant reads it
    heading: str
    key: str
    help_text: str = ""
    keys: list = field(default_factory=list)  # the step's questions, in the editor's order


def form_steps(fields):
    """The steps of a form: one per section heading. Questions before the first heading
    belong to the first step. [] for a form without headings: it stays one page."""
    fields = list(fields)
    if not any(f.field_type == "section" for f in fields):
        return []
    steps = []
    leading = []
    for form_field in fields:
        key = form_field.clean_name
        if form_field.field_type == "section":
            steps.append(Step(len(steps) + 1, form_field.label, key, form_field.help_text or ""))
            if len(steps) == 1:
                steps[0].keys.extend(leading)
        elif steps:
            steps[-1].keys.append(key)
        else:
            leading.append(key)
    return steps


def step_number(value, steps):
    """The step asked for in the address or the post, within the form's steps."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), len(steps))


def build_form(page, fields, *args, **kwargs):
    """The form built from `fields` (a draft's revision's) rather than the page's current
    ones; otherwise as page.get_form() builds it."""
    form_class = page.form_builder(fields).get_form_class()
    params = page.get_form_parameters()
    params.update(kwargs)
    params.setdefault("page", page)
    return form_class(*args, **params)


def keep_only(form, keys, section=None):
    """Restrict a built form to some of its questions (a step's), keeping their order."""
    keys = [key for key in keys if key in form.fields]
    for key in list(form.fields):
        if key not in keys:
            del form.fields[key]
    layout = [section] if section else []
    form.layout = layout + keys
    return form


def step_form(page, fields, step, *args, **kwargs):
    form = build_form(page, fields, *args, **kwargs)
    section = {"key": step.key, "heading": step.heading, "help_text": step.help_text}
    return keep_only(form, step.keys, section)


def raw_values(data, form):
    """What was posted for the form's questions, as a draft stores it: a list for questions
    with several answers, else the one value; an unticked box is left out. Files apart."""
    values = {}
    for key, form_field in form.fields.items():
        name = form[key].html_name
        if form_field.widget.needs_multipart_form:
            continue
        if getattr(form_field.widget, "allow_multiple_selected", False):
            values[key] = data.getlist(name)
        elif name in data:
            values[key] = data.get(name)
    return values


def as_query_dict(answers):
    """A draft's answers as a post, to bind a form to them."""
    data = QueryDict(mutable=True)
    for key, value in answers.items():
        if isinstance(value, list):
            data.setlist(key, [str(v) for v in value])
        else:
            data[key] = value
    return data


def with_declaration(page, form):
    """The editor's declaration as a required checkbox at the end of a one-page form."""
    if page.declaration:
        form.fields[DECLARATION_FIELD] = BooleanField(
            label=page.declaration,
            required=True,
            error_messages={"required": _("Kryss av for at du bekrefter erklæringen.")},
        )
        form.layout = [*form.layout, DECLARATION_FIELD]
    return form
