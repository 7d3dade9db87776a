from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class ApplicationFormBlock(blocks.StructBlock):
    """An application form shown inside another page. It posts to its own form page, so the
    window, the checks and the confirmation are the form page's."""

    form_page = blocks.PageChooserBlock(
        label=_("Søknadsskjema"), page_type=["forms.ApplicationFormPage"]
    )
    heading = blocks.CharBlock(label=_("Overskrift"), required=False, max_length=120)

    def get_context(self, value, parent_context=None):
        from .submission import HONEYPOT_FIELD, TOKEN_FIELD, FormToken, window_notice

        context = super().get_context(value, parent_context=parent_context)
        form_page = value["form_page"].specific if value["form_page"] else None
        if form_page is not None:
            form_page = form_page.localized.specific
            request = (parent_context or {}).get("request")
            status = form_page.application_status()
            context.update(
                {
                    "form_page": form_page,
                    "form": form_page.get_form(page=form_page, user=getattr(request, "user", None)),
                    "form_token": FormToken.new().dumps(),
                    "token_field": TOKEN_FIELD,
                    "honeypot_field": HONEYPOT_FIELD,
                    "application_status": status,
                    "window_message": window_notice(form_page, status),
                }
            )
        return context

    class Meta:
        icon = "form"
        label = _("Søknadsskjema")
        description = _("Viser et søknadsskjema på siden. Svarene sendes til skjemasiden.")
        template = "forms/blocks/application_form_block.html"
        group = _("Skjema")
