"""What the assessor page tests share: the addresses, an application with contact answers
and an attachment, and a user's ties to municipalities."""

from django.core.files.base import ContentFile

from applications.models import AssessorProfile
from forms.models import ApplicationAttachment, Municipality
from tests.review.helpers import make_application

LIST_URL = "/admin/vurdering/"
PROJECT_TEXT = "Vi vil bygge et kulturskoleråd i regionen"


def assessment_url(submission):
    return f"/admin/vurdering/{submission.pk}/"


def declare_url(submission):
    return f"/admin/vurdering/{submission.pk}/habilitet/"


def sheet_url(submission):
    return f"/admin/vurdering/{submission.pk}/utskrift/"


def reopen_url(assessment):
    return f"/admin/vurdering/gjenapne/{assessment.pk}/"


def application_with_contacts(form_page, number=7, municipality="4601"):
    """An application whose answers include the contact person, an e-mail and a phone number,
    and one attachment."""
    submission = make_application(form_page, number, municipality=municipality)
    submission.form_data = {
        "kontaktperson": "Kari Nordmann",
        "epost": "kari@bergen.kommune.no",
        "telefon": "+4791234567",
        "prosjekt": PROJECT_TEXT,
    }
    submission.field_labels = [
        {"key": "kontaktperson", "label": "Kontaktperson", "type": "singleline"},
        {"key": "epost", "label": "E-post", "type": "email"},
        {"key": "telefon", "label": "Telefon", "type": "phone"},
        {"key": "prosjekt", "label": "Prosjektet", "type": "multiline"},
    ]
    submission.save(update_fields=["form_data", "field_labels"])
    ApplicationAttachment.objects.create(
        submission=submission,
        field_key="plan",
        file=ContentFile(b"%PDF-1.4", name="plan.pdf"),
        original_name="utviklingsplan.pdf",
        content_type="application/pdf",
        size=8,
    )
    return submission


def tie(user, *numbers):
    profile, _ = AssessorProfile.objects.get_or_create(user=user)
    profile.tied_municipalities.set(Municipality.objects.filter(number__in=numbers))
    return profile


def denied(response):
    """Refused with a 403 page that says why (not Wagtail's redirect to the dashboard)."""
    return response.status_code == 403 and "Ingen tilgang" in response.content.decode()
