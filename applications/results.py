"""The rows of a round's published results, and publishing, regenerating and closing them.

The rows come from the decisions: the municipalities granted (and every applicant with the
decision when the form page says so), only once the reply letter for that decision has
gone, since a municipality hears before the public. Never a contact person, an answer, a
reference or a score: the municipality's name, its county, the partners of a joint
application and the decision. Withdrawn applications are never listed; anonymised ones
keep their municipality and decision, so they stay.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from forms.models import ApplicationSubmission, ReplyLetter
from website.page_cache_purge import purge

from .results_page import PUBLISHED_DECISIONS, ResultsPage

RESULTS_SLUG = "resultater"
# Æ, Ø, Å after Z and in that order, as a Norwegian reader looks them up.
NORWEGIAN_LETTERS = str.maketrans({"Æ": "[", "Ø": "\\", "Å": "]"})


def alphabetical(name):
    return name.upper().translate(NORWEGIAN_LETTERS)


def published_decisions(form_page):
    if form_page.publish_all_applicants:
        return [decision.value for decision in PUBLISHED_DECISIONS]
    return [PUBLISHED_DECISIONS[0].value]


def result_rows(form_page):
    """The rows as they are published now, sorted by decision, then municipality."""
    letter_sent = ReplyLetter.objects.sent().filter(
        submission=OuterRef("pk"), decision=OuterRef("status")
    )
    applications = (
        ApplicationSubmission.objects.filter(
            page=form_page,
            status__in=published_decisions(form_page),
            municipality__isnull=False,
        )
        .filter(Exists(letter_sent))
        .select_related("municipality")
        .prefetch_related("partner_municipalities")
    )
    order = [decision.value for decision in PUBLISHED_DECISIONS]
    rows = [
        {
            "municipality": application.municipality.name,
            "county": application.municipality.county,
            "decision": application.status,
            "partners": [
                {"municipality": partner.name, "county": partner.county}
                for partner in sorted(
                    application.partner_municipalities.all(),
                    key=lambda m: (alphabetical(m.name), m.number),
                )
            ],
        }
        for application in applications
    ]
    rows.sort(
        key=lambda row: (
            order.index(row["decision"]),
            alphabetical(row["municipality"]),
            alphabetical(row["county"]),
        )
    )
    return rows


def results_page_of(form_page):
    """The form page's results page in the default locale (the form page's own), or None."""
    return ResultsPage.objects.child_of(form_page).first()


def results_title(form_page):
    program = form_page.program
    with translation.override(settings.LANGUAGE_CODE):
        return _("Resultater: %(program)s") % {"program": (program or form_page).title}


def results_slug(form_page):
    # The report form beside it could have taken «resultater».
    if form_page.get_children().filter(slug=RESULTS_SLUG).exists():
        return slugify(f"{RESULTS_SLUG}-{form_page.pk}")
    return RESULTS_SLUG


def _write(page, **facts):
    """Put generated facts on the page's row in every language, and forget cached pages.
    Written to the rows, not through a revision: an editor's unpublished intro stays a
    draft (ResultsPage.with_content_json keeps these facts in any revision published)."""
    ResultsPage.objects.filter(translation_key=page.translation_key).update(**facts)
    for name, value in facts.items():
        setattr(page, name, value)
    purge()


@transaction.atomic
def publish_results(form_page, user):
    """Publish the round's results now: the page is made if missing, its rows and date set,
    and a revision published as `user` (page history and site history)."""
    rows, today = result_rows(form_page), timezone.localdate()
    page = results_page_of(form_page)
    if page is None:
        page = ResultsPage(
            title=results_title(form_page),
            slug=results_slug(form_page),
            locale_id=form_page.locale_id,
            results=rows,
            published_on=today,
        )
        form_page.add_child(instance=page)
        # may_review is the permission here (checked by the view), not the page tree's.
        page.save_revision(user=user, log_action=True).publish(
            user=user, skip_permission_checks=True
        )
        return page
    first = page.published_on is None
    _write(
        page,
        results=rows,
        published_on=page.published_on or today,
        updated_on=None if first else today,
    )
    if not page.live:
        # Made from the row (the last published content), not from an editor's draft.
        page.save_revision(user=user, log_action=True).publish(
            user=user, skip_permission_checks=True
        )
    log(page, "applications.results.publish", user=user, data={"rows": len(rows)})
    return page


def regenerate(form_page, user=None):
    """After a decision or a reply letter (or a reviewer's «Oppdater nå»): the published
    rows follow, unless the round is closed or nothing was published yet. Returns whether
    the rows changed."""
    form_page = form_page.specific
    page = results_page_of(form_page)
    if page is None or page.closed_at or page.published_on is None:
        return False
    rows = result_rows(form_page)
    if rows == page.results:
        return False
    _write(page, results=rows, updated_on=timezone.localdate())
    log(page, "applications.results.regenerate", user=user, data={"rows": len(rows)})
    return True


@transaction.atomic
def close_round(form_page, user):
    """No more regeneration: the list stays as it is."""
    page = results_page_of(form_page)
    if page is None or page.closed_at:
        return False
    _write(page, closed_at=timezone.now())
    log(page, "applications.results.close", user=user)
    return True


@transaction.atomic
def reopen_round(form_page, user):
    """Regenerated again from now on, at once."""
    page = results_page_of(form_page)
    if page is None or not page.closed_at:
        return False
    _write(page, closed_at=None)
    log(page, "applications.results.reopen", user=user)
    regenerate(form_page)
    return True


@receiver(post_save, sender=ApplicationSubmission, dispatch_uid="results_follow_decisions")
def follow_decision(sender, instance, created=False, update_fields=None, **kwargs):
    # change_status saves only the status; a full save may change it too.
    if created or (update_fields is not None and "status" not in update_fields):
        return
    regenerate(instance.page)


def follow_reply_letter(letter):
    """Called when a reply letter has gone (applications/reply_letters.py)."""
    regenerate(letter.submission.page)
