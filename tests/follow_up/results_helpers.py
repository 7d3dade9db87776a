"""What the results tests share: decided applications with or without their reply letter,
the form page publishing all applicants, and the rows read back. The fixtures (form_page,
users) are the follow-up tests' conftest's."""

from django.utils import timezone

from forms.models import Municipality, ReplyLetter
from tests.review.helpers import make_application

BERGEN, OSLO_KOMMUNE, BODO, ALESUND, DRAMMEN = "4601", "0301", "1804", "1508", "3301"


def decided(form_page, number, status="innvilget", municipality=BERGEN, letter=True, **fields):
    """An application with a decision, its reply letter for that decision sent unless
    letter=False. `partners` (municipality numbers) makes it a joint application."""
    partners = fields.pop("partners", ())
    application = make_application(
        form_page, number, municipality=municipality, status=status, **fields
    )
    if partners:
        application.partner_municipalities.set(Municipality.objects.filter(number__in=partners))
    if letter:
        letter_sent(application)
    return application


def letter_sent(application):
    """The reply letter for the application's current decision, as sent."""
    return ReplyLetter.objects.create(
        submission=application,
        decision=application.status,
        recipient=application.applicant_email or "postmottak@kommune.no",
        subject="Svar på søknaden",
        body="Hei",
        sent_at=timezone.now(),
    )


def municipalities_listed(page):
    return [row["municipality"] for row in type(page).objects.get(pk=page.pk).results]


def publish_all_applicants(form_page):
    """The form page publishing every applicant with the decision, not only the granted."""
    form_page.publish_all_applicants = True
    form_page.save_revision().publish()
    form_page.refresh_from_db()
    return form_page
