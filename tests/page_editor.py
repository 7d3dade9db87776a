"""Posting Wagtail's page editor as a browser would: the form it showed, sent back as shown,
with a few values changed."""

from django.contrib.auth.models import Group
from django.forms import CheckboxInput

from forms.models import ApplicationFormPage


def staff_user(django_user_model, username, *groups, **extra):
    user = django_user_model.objects.create_user(username, password="x", **extra)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def _add_form(data, form):
    for bound in form:
        widget = bound.field.widget
        value = bound.value()
        if isinstance(widget, CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
            continue
        formatted = widget.format_value(value)
        data[bound.html_name] = "" if formatted is None else formatted


def form_as_shown(form):
    """The data the browser would post for this (unbound) page form, formsets included."""
    data = {}
    _add_form(data, form)
    for formset in form.formsets.values():
        _add_form(data, formset.management_form)
        for child in formset.forms:
            _add_form(data, child)
    return data


def post_editor(client, url, changes=None, **action):
    """GET the editor at `url` (edit or revert), post its form back with `changes` and the
    action (e.g. publish=True gives action-publish). Returns the POST's response."""
    shown = client.get(url)
    assert shown.status_code == 200, shown.status_code
    data = form_as_shown(shown.context["form"])
    data.update(changes or {})
    for name, value in action.items():
        if name == "workflow":
            data["action-workflow-action"] = "1"
            data["workflow-action-name"] = value
        else:
            data[f"action-{name}"] = "1"
    return client.post(url, data)


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def live(page):
    return ApplicationFormPage.objects.get(pk=page.pk)
