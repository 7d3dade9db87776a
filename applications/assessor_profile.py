"""«Habilitet» in the assessor's account settings (issue 17, item 3): the municipalities
they have ties to, whose applications are then flagged as likely partial for them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.views.account import BaseSettingsPanel

from forms.models import Municipality

from .assessment import may_assess
from .models import AssessorProfile


class MunicipalitiesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        # The county too: Herøy and Våler are each two municipalities.
        return f"{obj.name} ({obj.county})"


class AssessorProfileForm(forms.ModelForm):
    tied_municipalities = MunicipalitiesField(
        label=_("Kommuner jeg har tilknytning til"),
        queryset=Municipality.objects.order_by("name", "number"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=AssessorProfile._meta.get_field("tied_municipalities").help_text,
        error_messages={"invalid_choice": _("Velg kommuner fra listen.")},
    )

    class Meta:
        model = AssessorProfile
        fields = ["tied_municipalities"]


class AssessorSettingsPanel(BaseSettingsPanel):
    """Only for those who may assess: for anyone else the panel is not shown, and Wagtail's
    account view then neither binds nor saves its form."""

    name = "habilitet"
    title = _("Habilitet")
    order = 350
    form_class = AssessorProfileForm

    def is_active(self):
        return may_assess(self.user)

    def get_form(self):
        # An unsaved profile until the assessor first saves: visiting the page writes nothing.
        profile = AssessorProfile.objects.filter(user=self.user).first() or AssessorProfile(
            user=self.user
        )
        data = (self.request.POST, self.request.FILES) if self.request.method == "POST" else ()
        return self.form_class(*data, instance=profile, prefix=self.name)
