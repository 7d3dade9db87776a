"""What the report tests share: a report form with questions (one page, or in steps under
section headings), the granted application's link to it, and posting a report."""

from forms.intake_guards import TOKEN_FIELD, FormToken
from forms.reports import report_link
from tests.factories import ApplicationFormFieldFactory

REPORT_TEXT = "Vi holdt tolv samlinger med god deltakelse."


def add_report_questions(report_form, steps=False):
    """The report form's questions: its municipality, what was done, an address; under two
    section headings when `steps`. Returns {name: field key}."""
    questions = [
        ("municipality", "Kommune", "municipality", {}),
        ("done", "Hva ble gjort?", "multiline", {}),
        ("email", "E-post", "email", {"is_applicant_email": True}),
    ]
    if steps:
        questions.insert(0, ("section_about", "Om kommunen", "section", {}))
        questions.insert(2, ("section_report", "Rapporten", "section", {}))
    keys = {}
    for name, label, field_type, extra in questions:
        field = ApplicationFormFieldFactory(
            page=report_form, label=label, field_type=field_type, **extra
        )
        keys[name] = field.clean_name
    report_form.save_revision().publish()
    report_form.refresh_from_db()
    return keys


def link_path(granted):
    return report_link(granted, full=False)


def report_answers(keys, municipality="4601"):
    return {
        keys["municipality"]: municipality,
        keys["done"]: REPORT_TEXT,
        keys["email"]: "kari@bergen.kommune.no",
    }


def post_report(client, report_form, answers):
    """The whole one-page report, posted as the form posts it."""
    return client.post(report_form.url, {TOKEN_FIELD: FormToken.new().dumps(), **answers})
