"""The application model, checked where mutation testing (docs/mutation.md) found it
unguarded: status changes the workflow refuses and who made the allowed ones, which earlier
application a duplicate points at, the page an English application is read from, and
reference numbers counted per prefix and year."""

import datetime

from wagtail.models import Locale, ModelLogEntry

from forms.models import ApplicationSubmission, Municipality, ReferenceCounter
from tests.review.helpers import make_application


def test_a_status_the_workflow_does_not_allow_changes_nothing(page):
    submission = make_application(page, 1)
    assert submission.change_status("innvilget") is False  # received, not yet in review
    submission.refresh_from_db()
    assert submission.status == "mottatt"
    assert not ModelLogEntry.objects.for_instance(submission).filter(
        action="forms.application.status"
    )


def test_the_status_log_records_who_changed_it(page, django_user_model):
    reviewer = django_user_model.objects.create_user("behandler")
    submission = make_application(page, 1)
    assert submission.change_status("under_behandling", reviewer) is True
    submission.refresh_from_db()
    assert submission.status == "under_behandling"
    entry = ModelLogEntry.objects.for_instance(submission).get(action="forms.application.status")
    assert entry.user == reviewer
    assert (entry.data["from"], entry.data["to"]) == ("mottatt", "under_behandling")


def test_the_duplicate_mark_points_at_the_first_sent_not_the_first_stored(page):
    stored_first = make_application(page, 1)
    sent_first = make_application(page, 2)
    # Two sent at the same moment can be stored in the other order than they were stamped.
    ApplicationSubmission.objects.filter(pk=stored_first.pk).update(
        submit_time=sent_first.submit_time + datetime.timedelta(minutes=5)
    )
    bergen = Municipality.objects.get(number="4601")
    assert ApplicationSubmission.earlier_from_same_municipality(page, bergen) == sent_first


def test_an_english_application_without_an_english_form_is_read_from_the_norwegian_page(page):
    Locale.objects.get_or_create(language_code="en")
    submission = make_application(page, 1, language="en")
    assert submission.page_in_language() == page


def test_reference_numbers_count_per_prefix_and_per_year(db):
    taken = [
        ReferenceCounter.next_reference(prefix, year)
        for prefix, year in [
            ("VKU", 2026),
            ("NYT", 2026),
            ("VKU", 2026),
            ("VKU", 2027),
            ("NYT", 2026),
            ("VKU", 2027),
        ]
    ]
    assert taken == [
        "VKU-2026-0001",
        "NYT-2026-0001",
        "VKU-2026-0002",
        "VKU-2027-0001",
        "NYT-2026-0002",
        "VKU-2027-0002",
    ]


def test_a_status_change_keeps_what_another_reviewer_changed_meanwhile(page, django_user_model):
    colleague = django_user_model.objects.create_user("kollega")
    submission = make_application(page, 1)  # as one reviewer's page loaded it
    # Meanwhile a colleague takes the case and corrects the contact name.
    ApplicationSubmission.objects.filter(pk=submission.pk).update(
        assigned_to=colleague, contact_name="Kari Nordmann (rettet)"
    )
    assert submission.change_status("under_behandling") is True
    submission.refresh_from_db()
    assert submission.status == "under_behandling"
    assert submission.assigned_to == colleague
    assert submission.contact_name == "Kari Nordmann (rettet)"
