"""Everything stored about one e-mail address, for a request for access (GDPR art. 15)."""

import json

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.forms import EmailField, Form
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log

from forms.models import ApplicationSubmission
from forms.permissions import may_review
from newsletter.subject_access import subscriptions_of


class SubjectAccessForm(Form):
    email = EmailField(
        label=_("E-postadresse"),
        error_messages={"invalid": _("Skriv en gyldig e-postadresse.")},
    )


def applications_mentioning(email):
    """Applications with this address as the applicant's, or anywhere in the answers."""
    email = email.strip().lower()
    for submission in ApplicationSubmission.objects.select_related("municipality").iterator():
        values = [str(value).strip().lower() for value in submission.form_data.values()]
        if submission.applicant_email.lower() == email or email in values:
            yield submission


def as_record(submission):
    return {
        "referanse": submission.reference,
        "skjema": submission.page.title,
        "mottatt": submission.submit_time,
        "status": submission.get_status_display(),
        "kommune": submission.municipality.name if submission.municipality else None,
        "søkerens_e-post": submission.applicant_email,
        "kontaktperson": submission.contact_name,
        "svar": [
            {"spørsmål": label, "svar": value}
            for heading, rows in submission.answers()
            for label, value in rows
        ],
        "vedlegg": [a.original_name for a in submission.attachments.all()],
        "interne_notater": [
            {"tidspunkt": n.created_at, "tekst": n.text} for n in submission.notes.all()
        ],
        "svarbrev": [
            {"sendt": letter.sent_at, "emne": letter.subject, "tekst": letter.body}
            for letter in submission.reply_letters.all()
        ],
    }


def subject_access_view(request):
    if not may_review(request.user):
        raise PermissionDenied
    form = SubjectAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        records = []
        for submission in applications_mentioning(email):
            records.append(as_record(submission))
            log(
                submission,
                "forms.application.export",
                user=request.user,
                data={"subject_access": True},
            )
        response = HttpResponse(
            json.dumps(
                {
                    "e-post": email,
                    "søknader": records,
                    "nyhetsvarsler": subscriptions_of(email),
                },
                cls=DjangoJSONEncoder,
                ensure_ascii=False,
                indent=2,
            ),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="innsyn.json"'
        return response
    return TemplateResponse(request, "applications/admin/subject_access.html", {"form": form})
