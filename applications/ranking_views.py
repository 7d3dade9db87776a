"""The ranking of a round, with the counties beside it, the proposals and the exports.
(Issue 17, items 5–6.) Reviewers only; everyone else gets 403 (anonymous: the login)."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from wagtail.admin.utils import get_user_display_name
from wagtail.log_actions import log

from forms.models import ApplicationFormPage
from forms.permissions import may_review, reviewers

from .county_chart import county_chart
from .models import AssessmentRound, Proposal, Recommendation
from .ranking import rank, ranked_applications, round_overview
from .ranking_export import EXPORTS, FORMATS, export_response

COUNTY_TABLE_ID = "fylketabell"


def reviewers_only(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not may_review(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def norwegian_form_pages():
    return ApplicationFormPage.rounds()


def form_page_or_404(page_id):
    """Only the Norwegian form page has a ranking: applications are stored against it."""
    return get_object_or_404(norwegian_form_pages(), pk=page_id)


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return get_user_display_name(obj)


class RoundSettingsForm(forms.ModelForm):
    owner = ReviewerChoiceField(
        label=gettext_lazy("Ansvarlig for vurderingen"),
        queryset=None,
        required=False,
        help_text=gettext_lazy("Bare den ansvarlige kan åpne leverte vurderinger igjen."),
    )

    class Meta:
        model = AssessmentRound
        fields = ["owner", "spread_limit"]
        localized_fields = ["spread_limit"]  # «1,5» as Norwegians write it

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["owner"].queryset = reviewers()
        self.fields["owner"].help_text = _(
            "Bare den ansvarlige kan åpne leverte vurderinger igjen."
        )

    def clean_owner(self):
        owner = self.cleaned_data.get("owner")
        current = self.instance.owner if self.instance.pk else None
        if current is None:
            # A new round (or one without an owner) is the first saver's unless they name
            # someone else.
            return owner or self.user
        if owner != current and not (self.user == current or self.user.is_superuser):
            raise forms.ValidationError(
                _("Bare den ansvarlige eller en superbruker kan bytte ansvarlig.")
            )
        return owner


@reviewers_only
@require_GET
def rounds_view(request):
    pages = norwegian_form_pages().order_by("-pk")
    return TemplateResponse(
        request, "applications/admin/ranking_rounds.html", {"rounds": round_overview(pages)}
    )


def proposal_links(ranking):
    """«Foreslått ja: 5 – vis i søknadslisten»: the listing filtered by proposal, where the
    bulk status action and the reply letters turn the proposal into decisions."""
    listing = reverse("applications:list")
    return [
        (label, count, f"{listing}?page={ranking.page.pk}&innstilling={value}")
        for value, label, count in ranking.proposal_counts()
    ]


def ranking_context(request, page, settings_form=None):
    ranking = rank(page, request.user)
    if settings_form is None:
        instance = ranking.round or AssessmentRound(page=page)
        settings_form = RoundSettingsForm(instance=instance, user=request.user)
    return {
        "page": page,
        "ranking": ranking,
        "recommendations": Recommendation.choices,
        "proposal_links": proposal_links(ranking),
        "county_table_id": COUNTY_TABLE_ID,
        "county_chart": county_chart(ranking.counties, COUNTY_TABLE_ID),
        "settings_form": settings_form,
        "settings_errors": [
            (settings_form[name].auto_id if name in settings_form.fields else None, error)
            for name, errors in settings_form.errors.items()
            for error in errors
        ],
        "export_kinds": [("rangering", _("Rangeringen")), ("vurderinger", _("Alle score"))],
        "export_formats": [("csv", "CSV"), ("xlsx", "Excel (XLSX)")],
    }


@reviewers_only
@require_GET
def ranking_view(request, page_id):
    page = form_page_or_404(page_id)
    return TemplateResponse(
        request, "applications/admin/ranking.html", ranking_context(request, page)
    )


@reviewers_only
@require_POST
def round_settings_view(request, page_id):
    page = form_page_or_404(page_id)
    assessment_round = AssessmentRound.objects.filter(page=page).first()
    created = assessment_round is None
    form = RoundSettingsForm(
        request.POST, instance=assessment_round or AssessmentRound(page=page), user=request.user
    )
    if not form.is_valid():
        messages.error(request, _("Innstillingene ble ikke lagret. Se feilene under."))
        context = ranking_context(request, page, settings_form=form)
        return TemplateResponse(request, "applications/admin/ranking.html", context, status=400)
    changed = form.changed_data
    assessment_round = form.save()
    if created or changed:
        log(
            assessment_round,
            "wagtail.create" if created else "wagtail.edit",
            user=request.user,
            data={
                "owner": assessment_round.owner_id,
                "spread_limit": str(assessment_round.spread_limit),
            },
        )
    messages.success(request, _("Innstillingene for vurderingsrunden er lagret."))
    return redirect("assessment_ranking", page.pk)


def proposal_changes(request, page):
    """[(application, old Proposal or None, new value)] from the form, or None when a value
    is not a proposal. Only applications of this page that take part are read."""
    allowed = {"", *Recommendation.values}
    changes = []
    applications = ranked_applications(page).prefetch_related(None).select_related("proposal")
    for application in applications:
        key = f"innstilling-{application.pk}"
        if key not in request.POST:
            continue
        value = request.POST[key]
        if value not in allowed:
            return None
        proposal = getattr(application, "proposal", None)
        if (proposal.recommendation if proposal else "") != value:
            changes.append((application, proposal, value))
    return changes


@reviewers_only
@require_POST
def proposals_view(request, page_id):
    page = form_page_or_404(page_id)
    changes = proposal_changes(request, page)
    if changes is None:
        messages.error(request, _("Innstillingen ble ikke lagret: ugyldig valg."))
        return redirect("assessment_ranking", page.pk)
    labels = dict(Recommendation.choices)
    with transaction.atomic():
        for application, proposal, value in changes:
            if not value:
                proposal.delete()
            else:
                Proposal.objects.update_or_create(
                    submission=application,
                    defaults={"recommendation": value, "set_by": request.user},
                )
            log(
                application,
                "applications.proposal",
                user=request.user,
                data={"recommendation": value, "label": str(labels.get(value, ""))},
            )
    messages.success(
        request,
        _("Innstillingen er lagret (%(count)s endret).") % {"count": len(changes)},
    )
    return redirect(reverse("assessment_ranking", args=[page.pk]))


@reviewers_only
@require_POST
def export_view(request, page_id, kind, file_format):
    page = form_page_or_404(page_id)
    if kind not in EXPORTS or file_format not in FORMATS:
        raise Http404
    return export_response(rank(page, request.user), kind, file_format, request.user)
