"""Serving a form with section headings one step at a time, then a summary to check before
sending (issue 16, items 1, 2, 5 and 12). Every step posts to the form page with named
buttons («Neste», «Tilbake», «Lagre og fortsett senere»): no JavaScript needed."""

from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .answers import display_value
from .draft_resume import save_for_later
from .drafts import (
    checked_uploads,
    draft_fields,
    draft_for,
    finish_draft,
    held_files,
    hold_file,
    mark_held_files,
    remove_held_file,
    set_browser_key,
    start_draft,
    started_forms,
    store_answers,
)
from .intake_guards import HONEYPOT_FIELD, TOKEN_FIELD, FormToken, spam_notice, window_notice
from .models.submissions import ApplicationSubmission
from .reports import attach_report
from .shared_render import with_placeholders
from .steps import (
    DECLARATION_FIELD,
    STEP_PARAMETER,
    SUMMARY,
    Step,
    as_query_dict,
    build_form,
    form_steps,
    raw_values,
    step_form,
    step_number,
)
from .submission import confirmation_url, store_submission

ACTION = "handling"
STEP_TEMPLATE = "forms/steps/step.html"
SUMMARY_TEMPLATE = "forms/steps/summary.html"


def steps_of(fields):
    steps = form_steps(fields)
    # A draft started on a form that has since lost its headings: one step.
    return steps or [Step(1, "", "", keys=[f.clean_name for f in fields])]


def step_url(page, number=None, anchor="", **extra):
    query = f"?{STEP_PARAMETER}={number}" if number else ""
    for key, value in extra.items():
        query += f"&{key}={value}"
    return f"{page.url}{query}{anchor}"


def with_browser_key(response, page, request, new_key):
    return set_browser_key(response, page, request, new_key) if new_key else response


def base_context(page, request, token=None, notice=None, shared=False):
    context = page.get_context(request)
    context.update(
        {
            "form_token": (token or FormToken.new()).dumps(),
            "token_field": TOKEN_FIELD,
            "honeypot_field": HONEYPOT_FIELD,
            "application_status": page.application_status(),
            "notice": notice,
            "step_parameter": STEP_PARAMETER,
            "form_page": page,
        }
    )
    return with_placeholders(context) if shared else context


def render_step(
    page, request, form, steps, step, notice=None, status=200, from_summary=False, shared=False
):
    context = base_context(page, request, notice=notice, shared=shared)
    context.update(
        {
            "form": form,
            "steps": steps,
            "step": step,
            "step_count": len(steps),
            "from_summary": from_summary,
        }
    )
    return TemplateResponse(request, STEP_TEMPLATE, context, status=status)


def wants_steps(page, request):
    """A form with section headings goes step by step. A whole form posted at once (as the
    form embedded in a program page posts it) is still taken as one page, and the preview
    shows every step one after another, storing nothing."""
    if getattr(request, "is_preview", False):
        return False
    if request.method == "POST" and STEP_PARAMETER not in request.POST:
        return False
    return bool(form_steps(page.get_form_fields()))


def numbered_for_preview(response):
    """The editor's preview shows every step one after another, each headed «Steg 2 av 5:»
    as applicants see it; posting it stores nothing (forms/submission.py)."""
    form = (getattr(response, "context_data", None) or {}).get("form")
    if form is not None:
        total = sum(isinstance(item, dict) for item in form.layout)
        numbers = iter(range(1, total + 1))
        form.layout = [
            {**item, "number": next(numbers), "total": total} if isinstance(item, dict) else item
            for item in form.layout
        ]
    return response


def serve_steps(page, request, shared=False):
    draft = draft_for(page, request)
    fields = draft_fields(page, draft)
    steps = steps_of(fields)
    if request.method == "POST":
        return post_step(page, request, draft, fields, steps)
    asked = request.GET.get(STEP_PARAMETER)
    if asked == SUMMARY:
        if draft is None:
            return redirect(page.url)
        return render_summary(page, request, draft, fields, steps)
    number = step_number(asked, steps)
    if draft is None and number > 1:
        return redirect(page.url)
    step = steps[number - 1]
    form = step_form(page, fields, step, initial=draft.answers if draft else {})
    mark_held_files(form, held_files(draft))
    from_summary = request.GET.get("fra") == SUMMARY
    return render_step(page, request, form, steps, step, from_summary=from_summary, shared=shared)


def post_step(page, request, draft, fields, steps):
    action = request.POST.get(ACTION, "neste")
    refusal = window_notice(page, page.application_status())
    number = step_number(request.POST.get(STEP_PARAMETER), steps)
    step = steps[number - 1]
    if action == "send":
        return send(page, request, draft, fields, steps)
    form = step_form(page, fields, step, request.POST, request.FILES)
    held = held_files(draft)
    mark_held_files(form, held)
    if refusal:
        form.is_valid()
        return render_step(page, request, form, steps, step, notice=refusal, status=403)
    new_key = None
    values = raw_values(form.data, form)
    if action.startswith("fjern:"):
        key = action.removeprefix("fjern:")
        if key in held and key in step.keys:
            remove_held_file(held[key])
        if draft is not None:
            store_answers(draft, step.keys, values)
        return redirect(step_url(page, number, f"#id_{key}"))
    form_valid = form.is_valid()
    uploads = checked_uploads(form)
    if draft is None and (form_valid or uploads or action == "lagre"):
        draft, new_key = start_draft(page)
    for key, uploaded in uploads.items():
        form[key].held = hold_file(draft, key, uploaded)
    if draft is not None:
        store_answers(draft, step.keys, values)
    if action == "tilbake":
        target = step_url(page, max(number - 1, 1))
    elif action == "lagre":
        save_for_later(page, draft)
        target = page.url + page.reverse_subpage("save_draft")
    elif not form_valid:
        response = render_step(
            page, request, form, steps, step, from_summary=action == "oppsummering"
        )
        return with_browser_key(response, page, request, new_key)
    elif action == "oppsummering" or number == len(steps):
        draft.step_reached = max(draft.step_reached, len(steps) + 1)
        draft.save(update_fields=["step_reached", "updated_at"])
        target = step_url(page, SUMMARY)
    else:
        draft.current_step = number + 1
        draft.step_reached = max(draft.step_reached, number + 1)
        draft.save(update_fields=["current_step", "step_reached", "updated_at"])
        target = step_url(page, number + 1)
    return with_browser_key(redirect(target), page, request, new_key)


def full_form(page, fields, draft):
    """The whole form bound to the draft's answers, with its held files counted."""
    form = build_form(page, fields, as_query_dict(draft.answers), {})
    held = held_files(draft)
    mark_held_files(form, held)
    form.is_valid()
    return form, held


def summary_rows(page, fields, steps, draft, form, held):
    by_key = {f.clean_name: f for f in fields}
    groups = []
    for step in steps:
        rows = []
        for key in step.keys:
            question = by_key[key]
            attachment = held.get(key) if question.field_type == "attachment" else None
            if question.field_type == "attachment":
                value = attachment.original_name if attachment else "–"
            else:
                value = draft.answers.get(key)
                if question.field_type == "checkbox":
                    value = bool(value)
                value = display_value(question.field_type, value)
            target = (
                f"#{form[key].auto_id}_0"
                if question.field_type
                in (
                    "radio",
                    "checkboxes",
                    "partners",
                )
                else f"#{form[key].auto_id}"
            )
            rows.append(
                {
                    "label": question.label,
                    "value": value,
                    "change_url": step_url(page, step.number, target, fra=SUMMARY),
                    "size": attachment.size if attachment else None,
                }
            )
        groups.append((step, rows))
    return groups


def render_summary(page, request, draft, fields, steps, errors=None, notice=None, status=200):
    form, held = full_form(page, fields, draft)
    context = base_context(page, request, notice=notice)
    context.update(
        {
            "groups": summary_rows(page, fields, steps, draft, form, held),
            "steps": steps,
            "step_count": len(steps),
            "declaration": page.declaration,
            "declaration_field": DECLARATION_FIELD,
            "errors": errors or [],
        }
    )
    return TemplateResponse(request, SUMMARY_TEMPLATE, context, status=status)


def token_notice(request, posted_token):
    """Why the summary's token does not allow sending, as (message, status), or None."""
    if posted_token is None and FormToken.expired(request.POST.get(TOKEN_FIELD)):
        return _(
            "Søknaden ble ikke sendt: siden hadde vært åpen for lenge. Svarene dine er "
            "lagret; se over dem og send på nytt."
        ), 200
    if posted_token is None:
        return _("Siden var utløpt eller ufullstendig. Svarene dine er lagret; send på nytt."), 200
    return spam_notice(request, posted_token)


def send(page, request, draft, fields, steps):
    posted_token = FormToken.loads(request.POST.get(TOKEN_FIELD))
    done = (
        posted_token
        and ApplicationSubmission.objects.filter(submission_token=posted_token.nonce).first()
    )
    if done:
        return redirect(confirmation_url(page, done))
    if draft is None:
        return redirect(page.url)
    refusal = window_notice(page, page.application_status())
    if refusal:
        return render_summary(page, request, draft, fields, steps, notice=refusal, status=403)
    notice = token_notice(request, posted_token)
    if notice:
        message, status = notice
        return render_summary(page, request, draft, fields, steps, notice=message, status=status)
    form, held = full_form(page, fields, draft)
    if form.errors:
        first = next(s for s in steps if any(k in form.errors for k in s.keys))
        step = step_form(page, fields, first, as_query_dict(draft.answers), {})
        mark_held_files(step, held)
        step.is_valid()
        return render_step(page, request, step, steps, first, from_summary=True)
    if page.declaration and not request.POST.get(DECLARATION_FIELD):
        errors = [(f"id_{DECLARATION_FIELD}", _("Kryss av for at du bekrefter erklæringen."))]
        return render_summary(page, request, draft, fields, steps, errors=errors)
    for key in held:
        form.cleaned_data[key] = None
    form_page, source = started_forms(page, draft)
    with transaction.atomic():
        submission = store_submission(form_page, form, posted_token, source=source)
        attach_report(submission, draft)
        finish_draft(draft, held, submission)
    return redirect(confirmation_url(page, submission))
