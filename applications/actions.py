"""What a reviewer does on an application's page: change its status, assign it, add a note,
send the reply letter, revoke the status link, add or remove an assessor. Each is a POST
from the inspect view."""

from django.forms import (
    CharField,
    ChoiceField,
    Form,
    ModelChoiceField,
    Textarea,
    ValidationError,
)
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin import messages
from wagtail.admin.utils import get_user_display_name
from wagtail.log_actions import log

from forms.models import ApplicationNote, ApplicationSubmission, ReviewStatus
from forms.permissions import reviewers

from .assessment import assessors, log_assessment, round_criteria, summarise
from .filters import as_id
from .models import Assessment
from .reply_letters import queue_reply_letters


class StaffChoiceField(ModelChoiceField):
    """A choice of staff by full name (the user name only when no name is set)."""

    def label_from_instance(self, obj):
        return get_user_display_name(obj)


class StatusForm(Form):
    status = ChoiceField(label=gettext_lazy("Ny status"))

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = submission.allowed_statuses()
        self.fields["status"].choices = [
            (value, label) for value, label in ReviewStatus.choices if value in allowed
        ]


class AssignForm(Form):
    assigned_to = StaffChoiceField(
        label=gettext_lazy("Saksbehandler"),
        queryset=reviewers(),
        required=False,
        empty_label=gettext_lazy("Ingen"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = reviewers()


class IdStaffChoiceField(StaffChoiceField):
    """A choice of staff where an id no table can hold is an invalid choice (ModelChoiceField
    would let the database raise on it)."""

    def to_python(self, value):
        if value not in self.empty_values and as_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class AddAssessorForm(Form):
    assessor = IdStaffChoiceField(
        label=gettext_lazy("Legg til fagvurderer"),
        queryset=assessors(),
        error_messages={
            "required": gettext_lazy("Velg en fagvurderer."),
            "invalid_choice": gettext_lazy("Velg en fagvurderer fra listen."),
        },
    )

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, **kwargs)
        # Those already on the application are not offered again.
        self.fields["assessor"].queryset = assessors().exclude(
            pk__in=submission.assessments.filter(assessor__isnull=False).values("assessor")
        )


class NoteForm(Form):
    text = CharField(
        label=gettext_lazy("Nytt internt notat"),
        widget=Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


def assign(submission, reviewer, user):
    submission.assigned_to = reviewer
    submission.save(update_fields=["assigned_to"])
    log(
        submission,
        "forms.application.assign",
        user=user,
        # The name as it was then; «reviewer» (the user name) stays for older entries' sake.
        data={
            "reviewer": reviewer.get_username() if reviewer else "",
            "reviewer_name": get_user_display_name(reviewer),
        },
    )


def application_or_404(pk):
    """The application a URL names; «abc» or «²» is no application, not a database error."""
    if as_id(pk) is None:
        raise Http404
    return get_object_or_404(ApplicationSubmission, pk=as_id(pk))


def _inspect_url(submission):
    return reverse("applications:inspect", args=[submission.pk])


def change_status_view(request, pk):
    submission = application_or_404(pk)
    form = StatusForm(request.POST, submission=submission)
    if form.is_valid() and submission.change_status(form.cleaned_data["status"], request.user):
        messages.success(
            request,
            _("Status for %(ref)s er nå «%(status)s».")
            % {"ref": submission.reference, "status": submission.get_status_display()},
        )
    else:
        messages.error(request, _("Denne statusendringen er ikke tillatt."))
    return redirect(_inspect_url(submission))


def assign_view(request, pk):
    submission = application_or_404(pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        assign(submission, form.cleaned_data["assigned_to"], request.user)
        messages.success(request, _("Saksbehandler er oppdatert."))
    else:
        messages.error(request, _("Velg en saksbehandler fra listen."))
    return redirect(_inspect_url(submission))


def add_note_view(request, pk):
    submission = application_or_404(pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        note = ApplicationNote.objects.create(
            submission=submission, author=request.user, text=form.cleaned_data["text"]
        )
        log(submission, "forms.application.note", user=request.user, data={"note": note.pk})
        messages.success(request, _("Notatet er lagret."))
    else:
        messages.error(request, _("Skriv et notat før du lagrer."))
    return redirect(_inspect_url(submission))


def send_reply_view(request, pk):
    submission = application_or_404(pk)
    queued, _skipped = queue_reply_letters(
        [submission], request.user, resend=bool(request.POST.get("resend"))
    )
    if queued:
        messages.success(
            request, _("Svarbrevet sendes til %(email)s.") % {"email": submission.applicant_email}
        )
    else:
        messages.warning(
            request,
            _(
                "Svarbrevet ble ikke sendt: søknaden er ikke avgjort, "
                "mangler e-post, eller har allerede fått svarbrev."
            ),
        )
    return redirect(_inspect_url(submission))


def revoke_link_view(request, pk):
    """Stop the applicant's status link from working (e.g. if it was shared by mistake)."""
    submission = application_or_404(pk)
    submission.status_link_revoked = True
    submission.save(update_fields=["status_link_revoked"])
    log(submission, "forms.application.link_revoked", user=request.user)
    messages.success(request, _("Statuslenken virker ikke lenger."))
    return redirect(_inspect_url(submission))


def assessment_state(assessment):
    """What the application's page says of one assessor's progress."""
    if assessment.is_delivered:
        return _("Levert")
    if assessment.is_partial:
        return _("Inhabil")
    if any(s.score is not None or s.justification for s in assessment.scores.all()):
        return _("Utkast")
    if assessment.is_declared:
        return _("Ikke inhabil")
    return _("Ikke erklært")


def assessment_section(submission, user):
    """«Faglig vurdering» on the application's page: each assessor's state, the summary as
    the viewer may see it and the form to add an assessor, in a fixed number of queries."""
    assessments = list(submission.assessments.select_related("assessor").prefetch_related("scores"))
    return {
        "assessments": [(a, assessment_state(a)) for a in assessments],
        "summary": summarise(assessments, round_criteria(submission.page), user),
        "add_form": AddAssessorForm(submission=submission),
        "sheet_url": reverse("assessment_sheet", args=[submission.pk]),
        "ranking_url": reverse("assessment_ranking", args=[submission.page_id]),
    }


def add_assessor_view(request, pk):
    submission = application_or_404(pk)
    form = AddAssessorForm(request.POST, submission=submission)
    if form.is_valid():
        assessor = form.cleaned_data["assessor"]
        # get_or_create: a colleague may have added the same assessor a moment ago.
        assessment, created = Assessment.objects.get_or_create(
            submission=submission, assessor=assessor, defaults={"assigned_by": request.user}
        )
        if created:
            log_assessment(assessment, "assigned", request.user)
        messages.success(
            request,
            _("%(name)s er tildelt søknaden.") % {"name": get_user_display_name(assessor)},
        )
    else:
        messages.error(request, _("Velg en fagvurderer fra listen."))
    return redirect(_inspect_url(submission))


def remove_assessor_view(request, pk, assessment_id):
    submission = application_or_404(pk)
    if as_id(assessment_id) is None:
        raise Http404
    assessment = get_object_or_404(
        submission.assessments.select_related("assessor"), pk=as_id(assessment_id)
    )
    name = get_user_display_name(assessment.assessor)
    if assessment.is_delivered:
        # The delivered scores count in the round; the owner reopens them if need be.
        messages.error(
            request,
            _("Vurderingen til %(name)s er levert og kan ikke fjernes.") % {"name": name},
        )
    else:
        log_assessment(assessment, "unassigned", request.user)
        assessment.delete()
        messages.success(request, _("%(name)s er fjernet fra søknaden.") % {"name": name})
    return redirect(_inspect_url(submission))
