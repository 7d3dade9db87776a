"""The Django side of the load test, run by harness.Site.site_tool with the server's
settings; prints JSON so the client never imports Django.

    python benchmarks/site_tools.py open-form    # open the seed program's window, describe its form
    python benchmarks/site_tools.py stored PAGE_ID   # what is stored for that form
"""

import json
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from wagtail.models import Locale  # noqa: E402

from forms.models import (  # noqa: E402
    ApplicationDraft,
    ApplicationFormPage,
    ApplicationSubmission,
    Municipality,
)
from program.models import ProgramPage  # noqa: E402

SEED_PROGRAM_SLUG = "veiledning-for-kulturskoleutvikling"


def open_form():
    """Open the window of the seed program now (a published revision, as an editor would)
    and describe its Norwegian form: URL, fields and the municipality numbers."""
    program = ProgramPage.objects.get(slug=SEED_PROGRAM_SLUG, locale=Locale.get_default())
    now = timezone.now()
    program.application_opens = now - timedelta(hours=1)
    program.application_closes = now + timedelta(days=7)
    program.save_revision().publish()
    form_page = ApplicationFormPage.objects.child_of(program).live().get()
    fields = [
        {
            "name": f.clean_name,
            "type": f.field_type,
            "required": f.required,
            "choices": [c.strip() for c in f.choices.splitlines() if c.strip()],
        }
        for f in form_page.get_form_fields()
    ]
    municipalities = list(Municipality.objects.order_by("number").values_list("number", flat=True))
    return {
        "page_id": form_page.pk,
        "url": form_page.url,
        "reference_prefix": form_page.reference_prefix,
        "status": form_page.application_status().state,
        "fields": fields,
        "municipalities": municipalities,
        "stored_before": ApplicationSubmission.objects.filter(page=form_page).count(),
    }


def stored(page_id):
    rows = ApplicationSubmission.objects.filter(page_id=page_id).values_list(
        "reference", "submission_token", "duplicate_of_id"
    )
    return {
        "count": len(rows),
        "all_forms": ApplicationSubmission.objects.count(),
        "references": [reference for reference, _, _ in rows],
        "tokens": [token.hex for _, token, _ in rows],
        "marked_duplicates": sum(1 for _, _, duplicate in rows if duplicate),
        # Drafts the step flow started: each sent one points at its application.
        "drafts": ApplicationDraft.objects.filter(page_id=page_id).count(),
        "drafts_sent": ApplicationDraft.objects.filter(
            page_id=page_id, submission__isnull=False
        ).count(),
    }


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "open-form":
        result = open_form()
    elif command == "stored" and len(sys.argv) == 3:
        result = stored(int(sys.argv[2]))
    else:
        raise SystemExit(__doc__)
    print(json.dumps(result))
