from django import template
from django.forms import CheckboxInput, CheckboxSelectMultiple, FileInput, RadioSelect

register = template.Library()

# Django's own radio and checkbox-list templates; a widget with its own template keeps it.
PLAIN_CHOICE_TEMPLATES = {
    "django/forms/widgets/radio.html",
    "django/forms/widgets/checkbox_select.html",
}


@register.filter
def is_checkbox(field):
    return isinstance(field.field.widget, CheckboxInput)


@register.filter
def is_choice_group(field):
    """Radio buttons and checkbox lists: a fieldset with a legend, not one label."""
    return isinstance(field.field.widget, RadioSelect | CheckboxSelectMultiple)


@register.filter
def is_file(field):
    return isinstance(field.field.widget, FileInput)


@register.simple_tag
def field_widget(field):
    """The input with its help text and error tied to it for screen readers."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hjelp")
    if field.errors:
        described_by.append(f"{field.auto_id}-feil")
    attrs = {}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    if field.field.required and not is_choice_group(field):
        attrs["aria-required"] = "true"
    widget = field.field.widget
    # Designsystemet's input class on every input, select, textarea and each choice.
    attrs["class"] = " ".join(filter(None, [widget.attrs.get("class"), "ds-input"]))
    if widget.template_name in PLAIN_CHOICE_TEMPLATES:
        # Each choice in its own ds-field (input, then its label), as Designsystemet expects;
        # the widget is this form's own copy, so the change stays with it.
        widget.template_name = "forms/widgets/ds_choices.html"
    return field.as_widget(attrs=attrs)


@register.filter
def error_target(field):
    """Where a link in the error summary takes the reader: the input, or its group."""
    if is_choice_group(field):
        return f"{field.auto_id}_0"
    return field.id_for_label or f"felt-{field.html_name}"


@register.simple_tag
def summary_errors(form):
    """A form's errors for the error summary: [(element id or None, message)], each field's
    prefixed with its label, in the order of the form."""
    errors = [(None, error) for error in form.non_field_errors()]
    for field in form:
        errors += [(error_target(field), f"{field.label}: {error}") for error in field.errors]
    return errors
