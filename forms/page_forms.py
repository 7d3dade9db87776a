"""The admin form of an application form page: who may say where applications are announced.

The notification address (to_address) and the sender (from_address) decide who is told of
every application and in whose name the receipts go. Only those who may read applications
(the review permission, or superusers) may change them, and the round's assessment criteria.
For everyone else the form keeps the values of the page's latest revision (on a new page:
the model's defaults) whatever is posted, and whatever the form was opened with: an old
revision («revert») or a copy. A moderator approving an editor's draft therefore publishes
the stored addresses, as the editor's revision was saved with them; one approving a
reviewer's draft with changes of their own publishes the reviewer's.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from wagtail.contrib.forms.forms import WagtailAdminFormPageForm

from .form_kinds import FormKind
from .permissions import may_review

RECIPIENT_FIELDS = ("to_address", "from_address")
# Rows only reviewers write: the criteria the panel scores against, with their weights.
REVIEWER_RELATIONS = ("assessment_criteria",)


class ApplicationFormPageForm(WagtailAdminFormPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_change_recipients = may_review(self.for_user)
        self.stored_recipients = self._stored_recipients()
        if not self.may_change_recipients:
            for relation in REVIEWER_RELATIONS:
                self.formsets.pop(relation, None)
        for name in RECIPIENT_FIELDS:
            if name in self.fields:
                # The page model checks the addresses (ApplicationFormPage.clean_fields), with
                # one message by the field instead of Django's and Wagtail's as well.
                self.fields[name].validators = []

    def _stored_recipients(self):
        model = self._meta.model
        row = None
        if self.instance.pk:
            row = (
                model._default_manager.filter(pk=self.instance.pk).values(*RECIPIENT_FIELDS).first()
            )
        if row is None:  # a new page
            return {name: model._meta.get_field(name).get_default() for name in RECIPIENT_FIELDS}
        # A reviewer's draft waiting for moderation: a moderator who approves it with changes
        # of their own keeps the reviewer's addresses.
        latest = self._latest_revision()
        content = latest.content if latest is not None else {}
        return {name: content.get(name, value) for name, value in row.items()}

    def _latest_revision(self):
        page = self._meta.model._default_manager.filter(pk=self.instance.pk).first()
        return page.get_latest_revision() if page is not None else None

    def clean(self):
        cleaned_data = super().clean()
        self.refuse_a_second_letter_for_a_decision()
        self.refuse_criteria_on_different_scales()
        self.refuse_a_form_kind_out_of_place(cleaned_data.get("form_kind"))
        if not self.may_change_recipients:
            for relation in REVIEWER_RELATIONS:
                # The latest revision's rows, whatever revision or copy the form was opened
                # with.
                setattr(self.instance, relation, self._stored_rows(relation))
            for name, value in self.stored_recipients.items():
                if name in cleaned_data:
                    cleaned_data[name] = value
                # Also when the field is not in the form: the instance may hold an old
                # revision's or a draft's value.
                setattr(self.instance, name, value)
        return cleaned_data

    def refuse_a_form_kind_out_of_place(self, kind):
        """An application form sits under its program, a report form under the application
        form whose round it reports on."""
        parent = self.parent_page
        if kind is None or parent is None:
            return
        under_form = parent.specific_class is self._meta.model
        if under_form and kind != FormKind.REPORT:
            self.add_error(
                "form_kind", _("Et skjema under et søknadsskjema må være et rapportskjema.")
            )
        elif not under_form and kind == FormKind.REPORT:
            self.add_error(
                "form_kind", _("Et rapportskjema legges under søknadsskjemaet det gjelder.")
            )

    def _stored_rows(self, relation):
        """The rows of the page's latest revision: what a reviewer last saved, also a draft
        waiting for moderation (a moderator who approves with changes of their own keeps
        it). Not those of the revision or copy the form was opened with."""
        model = self._meta.model._meta.get_field(relation).related_model
        if not self.instance.pk:
            return []
        rows = list(model.objects.filter(page_id=self.instance.pk).order_by("sort_order"))
        revision = self._latest_revision()
        if revision is None or relation not in revision.content:
            return rows
        # A revision saved before its rows were written holds them without ids: the stored
        # row of the same criterion keeps its id, so saving does not replace it.
        ids = {row.translation_key: row.pk for row in rows}
        latest = list(getattr(revision.as_object(), relation).all())
        for row in latest:
            if row.pk is None:
                row.pk = ids.get(row.translation_key)
        return latest

    def refuse_criteria_on_different_scales(self):
        """The ranking averages the criteria's scores, so they share one scale."""
        formset = self.formsets.get("assessment_criteria")
        scales = set()
        for form in formset.forms if formset is not None else []:
            if not form.is_valid() or formset._should_delete_form(form):
                continue
            if not form.cleaned_data:
                continue
            scale = (form.cleaned_data.get("scale_min"), form.cleaned_data.get("scale_max"))
            if scales and scale not in scales:
                form.add_error(
                    "scale_max", _("Alle kriteriene må ha samme skala, for eksempel 1–6.")
                )
            scales.add(scale)

    def refuse_a_second_letter_for_a_decision(self):
        """One reply letter per decision, said by the second one's «Vedtak» (the formset's
        own check would name the database's fields)."""
        formset = self.formsets.get("reply_letter_texts")
        seen = set()
        for form in formset.forms if formset is not None else []:
            if not form.is_valid() or formset._should_delete_form(form):
                continue
            decision = form.cleaned_data.get("decision")
            if decision and decision in seen:
                form.add_error("decision", _("Det er allerede et svarbrev for dette vedtaket."))
            seen.add(decision)

    def _update_errors(self, errors):
        # The page's own checks may name a field this user's form does not have (a stored
        # address only a reviewer can change): say it above the form, not as a server error.
        if hasattr(errors, "error_dict"):
            for name in list(errors.error_dict):
                if name != NON_FIELD_ERRORS and name not in self.fields:
                    label = capfirst(self._meta.model._meta.get_field(name).verbose_name)
                    messages = [f"{label}: {m}" for e in errors.error_dict.pop(name) for m in e]
                    errors.error_dict.setdefault(NON_FIELD_ERRORS, []).extend(
                        ValidationError(message) for message in messages
                    )
        super()._update_errors(errors)
