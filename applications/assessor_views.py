"""The assessor's pages: «Mine vurderinger», the declaration of impartiality, scoring, the
round owner's reopening and the printable assessment sheet. (Issue 17, items 2–4, 6.)

Who gets what: someone who may not assess at all gets 403; an assessor asking for an
application not assigned to them gets 404 (reviewers read applications in «Søknader»);
a partial assessor gets 403 on the application and its scores."""

from dataclasses import dataclass
from functools import wraps

from django.forms import RadioSelect
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request

from forms.models import ApplicationSubmission
from forms.permissions import may_review

from .assessment import (
    assignments_of,
    likely_partial,
    log_assessment,
    may_assess,
    round_criteria,
    sees_scores,
    summarise,
    tied_municipality_numbers,
)
from .assessor_forms import DeclarationForm, ScoringForm, scored, visible_answers
from .models import Assessment, AssessmentRound


def refused(request, message):
    """A 403 page that says why. (Wagtail's admin turns PermissionDenied into a redirect to
    the dashboard, which tells neither the browser nor assistive technology what happened.)"""
    context = {"message": message}
    return TemplateResponse(
        request, "applications/admin/assessment_refused.html", context, status=403
    )


def for_assessors(view):
    """Outside assessors and reviewers only; editors, moderators and others get 403."""

    @wraps(view)
    def view_for_assessors(request, *args, **kwargs):
        if not may_assess(request.user):
            message = _("Vurderingene er bare for fagvurderere og søknadsbehandlere.")
            return refused(request, message)
        return view(request, *args, **kwargs)

    return view_for_assessors


def own_assessment(request, submission_id):
    """The user's assessment of the application, or 404 when it is not assigned to them."""
    return get_object_or_404(
        Assessment.objects.select_related(
            "assessor", "submission", "submission__page", "submission__municipality"
        ),
        submission_id=submission_id,
        assessor=request.user,
    )


def partial_response(request, assessment):
    context = {"assessment": assessment, "submission": assessment.submission}
    return TemplateResponse(
        request, "applications/admin/assessment_partial.html", context, status=403
    )


def round_owner_id(submission):
    assessment_round = AssessmentRound.objects.filter(page_id=submission.page_id).first()
    return assessment_round.owner_id if assessment_round else None


# «Mine vurderinger»


def state_of(assessment):
    if not assessment.is_declared:
        return _("Ikke erklært")
    if assessment.is_partial:
        return _("Inhabil")
    return _("Levert") if assessment.is_delivered else _("Utkast")


@dataclass
class Progress:
    delivered: int = 0
    assigned: int = 0
    partial: int = 0

    def count(self, assessment):
        if assessment.is_partial:
            self.partial += 1
            return
        self.assigned += 1
        self.delivered += assessment.is_delivered


@for_assessors
def assessment_list_view(request):
    tied = tied_municipality_numbers(request.user)
    assessments = assignments_of(request.user).prefetch_related(
        "submission__partner_municipalities"
    )
    rounds, total = {}, Progress()
    for assessment in assessments:
        submission = assessment.submission
        page_round = rounds.setdefault(
            submission.page_id, {"page": submission.page, "rows": [], "progress": Progress()}
        )
        page_round["rows"].append(
            {
                "assessment": assessment,
                "submission": submission,
                "state": state_of(assessment),
                "likely_partial": likely_partial(submission, tied),
            }
        )
        page_round["progress"].count(assessment)
        total.count(assessment)
    context = {"rounds": list(rounds.values()), "total": total}
    return TemplateResponse(request, "applications/admin/assessment_list.html", context)


# The assessment page: the declaration first, then the application and the scores


def declaration_page(request, assessment, form=None):
    submission = assessment.submission
    tied = tied_municipality_numbers(request.user)
    reason_required = likely_partial(submission, tied)
    context = {
        "assessment": assessment,
        "submission": submission,
        "program": submission.page.specific.program,
        "partners": submission.partner_municipalities.all(),
        "likely_partial": reason_required,
        "form": form or DeclarationForm(reason_required=reason_required),
        "error_list": error_list(form),
    }
    return TemplateResponse(request, "applications/admin/assessment_declare.html", context)


@for_assessors
def assessment_view(request, submission_id):
    assessment = own_assessment(request, submission_id)
    if not assessment.is_declared:
        return declaration_page(request, assessment)
    if assessment.is_partial:
        return partial_response(request, assessment)
    submission = assessment.submission
    criteria = round_criteria(submission.page)
    form = None
    if criteria and not assessment.is_delivered:
        if request.method == "POST":
            deliver = "lever" in request.POST
            form = ScoringForm(criteria, request.POST, deliver=deliver)
            if form.is_valid():
                if not form.save(assessment, request.user):
                    messages.warning(request, _("Vurderingen er allerede levert."))
                elif deliver:
                    messages.success(request, _("Vurderingen er levert."))
                else:
                    messages.success(request, _("Utkastet er lagret."))
                return redirect("assessment", submission_id=submission.pk)
        else:
            form = ScoringForm(criteria, initial=ScoringForm.initial_from(criteria, assessment))
    elif request.method == "POST":
        if criteria:
            messages.warning(request, _("Vurderingen er levert og kan ikke endres."))
        else:
            messages.warning(request, _("Skjemaet har ingen vurderingskriterier ennå."))
        return redirect("assessment", submission_id=submission.pk)
    reviewer = may_review(request.user)
    context = {
        "assessment": assessment,
        "submission": submission,
        "program": submission.page.specific.program,
        "criteria": criteria,
        "form": form,
        "error_list": error_list(form),
        "answers": visible_answers(submission, reviewer),
        "attachments": submission.attachments.all(),
        "reviewer": reviewer,
        "own": scored(assessment, criteria),
    }
    # Independent assessment: nothing of the others until one's own is delivered.
    if assessment.is_delivered:
        context.update(others_of(assessment, criteria, request.user))
    return TemplateResponse(request, "applications/admin/assessment_detail.html", context)


def is_radio(bound_field):
    return isinstance(bound_field.field.widget, RadioSelect)


def error_list(form):
    """[(field id, message)] for the error summary, in the order of the fields."""
    if form is None or not form.is_bound:
        return []
    # A radio group's link goes to its first radio (the group itself takes no focus).
    return [
        (f"{form[name].auto_id}_0" if is_radio(form[name]) else form[name].auto_id, error)
        for name in form.fields
        for error in form.errors.get(name, [])
    ]


def others_of(assessment, criteria, viewer):
    assessments = list(
        assessment.submission.assessments.select_related("assessor").prefetch_related("scores")
    )
    others = [
        scored(a, criteria)
        for a in assessments
        if a.pk != assessment.pk and a.is_delivered and not a.is_partial
    ]
    return {"others": others, "summary": summarise(assessments, criteria, viewer)}


@require_POST
@for_assessors
def declare_view(request, submission_id):
    assessment = own_assessment(request, submission_id)
    if assessment.is_declared:
        if assessment.is_partial:
            return partial_response(request, assessment)
        messages.warning(request, _("Du har allerede erklært deg, og erklæringen er endelig."))
        return redirect("assessment", submission_id=submission_id)
    reason_required = likely_partial(assessment.submission, tied_municipality_numbers(request.user))
    form = DeclarationForm(request.POST, reason_required=reason_required)
    if not form.is_valid():
        return declaration_page(request, assessment, form)
    if not form.save(assessment, request.user):
        messages.warning(request, _("Du har allerede erklært deg, og erklæringen er endelig."))
    return redirect("assessment", submission_id=submission_id)


# The round owner reopens a delivered assessment


@require_POST
def reopen_view(request, assessment_id):
    assessment = get_object_or_404(
        Assessment.objects.select_related("submission", "assessor"), pk=assessment_id
    )
    submission = assessment.submission
    # The owner only: not the assessor, other reviewers or superusers who do not own it.
    if request.user.pk is None or round_owner_id(submission) != request.user.pk:
        return refused(request, _("Bare den som er ansvarlig for vurderingen, kan åpne den igjen."))
    if assessment.is_delivered:
        assessment.delivered_at = None
        assessment.save(update_fields=["delivered_at"])
        log_assessment(assessment, "reopened", request.user)
        messages.success(request, _("Vurderingen er åpnet igjen."))
    else:
        messages.warning(request, _("Vurderingen er ikke levert, og er allerede åpen."))
    next_url = get_valid_next_url_from_request(request)
    return redirect(next_url or reverse("assessment_sheet", args=[submission.pk]))


# The printable assessment sheet


@for_assessors
def assessment_sheet_view(request, submission_id):
    submission = get_object_or_404(
        ApplicationSubmission.objects.select_related("page", "municipality"), pk=submission_id
    )
    assessments = list(submission.assessments.select_related("assessor").prefetch_related("scores"))
    own = next((a for a in assessments if a.assessor_id == request.user.pk), None)
    if own is None and not may_review(request.user):
        raise Http404
    if own is not None and own.is_partial:
        return partial_response(request, own)
    criteria = round_criteria(submission.page)
    shown = [own] if own is not None else []
    if sees_scores(request.user, assessments):
        shown += [a for a in assessments if a is not own and a.is_delivered and not a.is_partial]
    context = {
        "submission": submission,
        "program": submission.page.specific.program,
        "criteria": criteria,
        "sheets": [scored(a, criteria) for a in shown],
        "summary": summarise(assessments, criteria, request.user),
        "is_owner": round_owner_id(submission) == request.user.pk,
        # Back to where the viewer reads the application: their assessment, or «Søknader».
        "back_url": reverse("assessment", args=[submission.pk])
        if own is not None
        else reverse("applications:inspect", args=[submission.pk]),
    }
    response = TemplateResponse(request, "applications/admin/assessment_sheet.html", context)
    response["Cache-Control"] = "private, no-store"
    return response
