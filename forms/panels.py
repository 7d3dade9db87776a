"""Panels of the application form page's editor that depend on who is editing.

Applications are read in «Søknader», by those with the review permission. The page editor
shows editors and moderators nothing about them (Wagtail's FormSubmissionsPanel showed a
count and the latest time), and lets only reviewers change where they are announced.
"""

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, Panel

from .permissions import REVIEW_PERMISSION, may_review


class RecipientFieldPanel(FieldPanel):
    """Editable for reviewers and superusers, read-only for everyone else.

    The field is left out of other users' forms (so nothing they post reaches it), and
    ApplicationFormPageForm keeps the stored value whatever the form was opened with.
    """

    def get_form_options(self):
        options = super().get_form_options()
        options["field_permissions"] = {self.field_name: REVIEW_PERMISSION}
        return options

    class BoundPanel(FieldPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if self.form is not None and self.bound_field is None:
                self.read_only = True
                self.heading = self.panel.heading or capfirst(self.panel.db_field.verbose_name)
                self.help_text = _("Bare søknadsbehandlere kan endre denne adressen.")

        @property
        def value_from_instance(self):
            # The value that will be kept, not an old revision's the form was opened with.
            stored = getattr(self.form, "stored_recipients", {})
            return stored.get(self.field_name, getattr(self.instance, self.field_name))


class ApplicationsLinkPanel(Panel):
    """A link to this form's applications in «Søknader», for those who may read them."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Søknader"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "forms/admin/panels/applications_link.html"

        def is_shown(self):
            user = getattr(self.request, "user", None)
            return bool(self.instance.pk) and may_review(user)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            # Applications from every language are stored against the Norwegian page.
            source = self.instance.specific.source_page
            context["applications_url"] = f"{reverse('applications:list')}?page={source.pk}"
            return context


class ReviewerInlinePanel(InlinePanel):
    """Inline rows only reviewers write (the assessment criteria): ApplicationFormPageForm
    leaves their formset out of anyone else's form, and keeps the stored rows."""

    class NotShown(Panel.BoundPanel):
        def is_shown(self):
            return False

    def get_bound_panel(self, instance=None, request=None, form=None, prefix="panel"):
        if form is not None and self.relation_name not in form.formsets:
            return self.NotShown(
                panel=self, instance=instance, request=request, form=form, prefix=prefix
            )
        return super().get_bound_panel(instance=instance, request=request, form=form, prefix=prefix)
