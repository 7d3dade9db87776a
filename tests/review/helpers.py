"""What the review tests share: the listing's address and applications made directly."""

from forms.models import ApplicationSubmission, Municipality

LIST_URL = "/admin/soknader/liste/"


def make_application(form_page, number, municipality="4601", **fields):
    return ApplicationSubmission.objects.create(
        page=form_page, form_data={"navn": "Kari"}, reference=f"VKU-2026-{number:04d}",
        municipality=Municipality.objects.get(number=municipality),
        field_labels=[{"key": "navn", "label": "Navn", "type": "singleline"}],
        contact_name=fields.pop("contact_name", "Kari Nordmann"),
        applicant_email=fields.pop("applicant_email", "kari@bergen.kommune.no"), **fields,
    )


BULK = "/admin/bulk/forms/applicationsubmission/{action}/"


def bulk_url(action, *applications):
    ids = "&".join(f"id={a.pk}" for a in applications)
    return f"{BULK.format(action=action)}?{ids}&next={LIST_URL}"
