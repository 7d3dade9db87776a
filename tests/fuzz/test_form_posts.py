"""Whatever is posted to the application form, the site answers without a server error and
stores only valid applications; invalid answers are refused next to their field."""

import functools
import html
import re

from django import forms
from django.utils import translation

from hypothesis import assume, event, given
from hypothesis import strategies as st

from forms.fields import without_invisible_characters
from forms.intake_guards import HONEYPOT_FIELD, TOKEN_FIELD
from forms.models import ApplicationSubmission
from tests.fuzz.form import (
    CHOICES,
    FIELD_TYPES,
    VALID,
    assert_valid_application,
    named,
    post_form,
    stored_pks,
)
from tests.fuzz.strategies import ANY_CHARACTER, FUZZ, posted_value
from tests.text import visible_text

extra_key = st.one_of(
    st.text(ANY_CHARACTER, min_size=1, max_size=20),
    st.sampled_from([HONEYPOT_FIELD, "csrfmiddlewaretoken", TOKEN_FIELD, "page", "id"]),
)


@st.composite
def arbitrary_posts(draw):
    """Valid answers with any of them replaced by odd values or removed, plus extra keys."""
    answers = dict(VALID)
    for name in draw(st.lists(st.sampled_from(list(FIELD_TYPES)), max_size=6, unique=True)):
        if draw(st.booleans()):
            answers[name] = draw(posted_value)
        else:
            answers.pop(name, None)
    extras = draw(st.dictionaries(extra_key, posted_value, max_size=3))
    return answers, extras


@FUZZ
@given(post=arbitrary_posts(), urlencoded=st.booleans())
def test_arbitrary_posts_never_fail_and_store_only_valid_applications(
    web, fuzz_form, post, urlencoded
):
    page, keys = fuzz_form
    answers, extras = post
    before = stored_pks()
    response = post_form(
        web,
        page,
        {**named(keys, answers), **extras},
        content_type="urlencoded" if urlencoded else None,
    )
    assert response.status_code < 500
    event(f"answered {response.status_code}")  # see --hypothesis-show-statistics
    for submission in ApplicationSubmission.objects.exclude(pk__in=before):
        assert_valid_application(submission, keys)


@FUZZ
@given(
    body=st.binary(max_size=300),
    content_type=st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=grense",
            "multipart/form-data",
            "multipart/form-data; boundary=",
            "text/plain",
            "application/json",
            "application/x-www-form-urlencoded; charset=utf-16",
            "application/x-www-form-urlencoded; charset=ingen-slik",
        ]
    ),
)
def test_malformed_bodies_never_fail_and_store_nothing(web, fuzz_form, body, content_type):
    page, _keys = fuzz_form
    before = ApplicationSubmission.objects.count()
    response = web.generic("POST", page.url, body, content_type=content_type)
    assert response.status_code < 500
    assert ApplicationSubmission.objects.count() == before


# Invalid data: refused next to the field, with what was typed kept

not_at_sign = st.text(ANY_CHARACTER.filter(lambda c: c != "@"), min_size=1, max_size=40)
letters = st.text(st.sampled_from("abcdfghijklmopqrstuvwxyzæøå"), min_size=1, max_size=20)


def not_one_of(options):
    return st.text(ANY_CHARACTER, max_size=20).filter(lambda v: v.strip() not in options)


INVALID_VALUES = {
    "municipality": st.one_of(
        st.sampled_from(["9999", "0000", "46 01", "4601; DROP TABLE"]),
        st.text(ANY_CHARACTER, max_size=20).filter(lambda v: not re.search(r"[0-9]{4}", v)),
    ),
    "orgnr": st.one_of(
        st.sampled_from(["974760674", "97476067", "²²²²²²²²²", "974760673974760673"]),
        letters,
    ),
    "name": st.text(st.sampled_from("Kari Nordmann-Åsøy<>&\"'"), min_size=256, max_size=400).filter(
        lambda v: len(v.strip()) > 255
    ),
    "email": not_at_sign.filter(lambda v: v.strip()),
    "phone": st.one_of(letters, st.sampled_from(["12345", "+46 8 123 456 78", "5556556"])),
    "why": st.builds(
        lambda word, times: f"{word} " * times,
        st.sampled_from(["Lang", "<b>æøå</b>", "&amp;", "{{ x }}"]),
        st.integers(3_000, 3_500),
    ),
    "students": st.one_of(letters, st.sampled_from(["NaN", "Infinity", "1e999999999", "1,2,3"])),
    "start": st.one_of(letters, st.sampled_from(["31.02.2026", "2026-13-01", "0000-00-00"])),
    "arts": st.lists(not_one_of(CHOICES["arts"]), min_size=1, max_size=3),
    "size": not_one_of(CHOICES["size"]),
    "region": not_one_of(CHOICES["region"]),
    "commitment": st.sampled_from(["", "false", "False", "FALSE"]),
}
# Answers shown again in a text box as typed (HTML-escaped), not as a chosen option.
SHOWN_AS_TYPED = {"name", "email", "phone", "why", "orgnr", "students", "start"}


# Django's form fields whose default messages would show if a field lost its own text.
DJANGO_FIELDS = (
    forms.CharField,
    forms.EmailField,
    forms.DecimalField,
    forms.IntegerField,
    forms.DateField,
    forms.ChoiceField,
    forms.MultipleChoiceField,
    forms.BooleanField,
    forms.FileField,
)


@functools.cache
def django_default_messages():
    """Django's own error texts, in English and as Django translates them to bokmål (only
    the part before any placeholder), which the form must replace with its own. Django's
    bokmål text for a choice not in the list is kept on purpose (it names the value)."""
    messages = set()
    for language in ("en", "nb"):
        with translation.override(language):
            for field in DJANGO_FIELDS:
                for cls in field.__mro__:
                    for key, message in getattr(cls, "default_error_messages", {}).items():
                        if language == "nb" and key == "invalid_choice":
                            continue
                        messages.add(str(message).split("%(")[0].strip())
    return messages - {""}


def error_next_to(content, key):
    match = re.search(
        rf'<p class="ds-validation-message" data-field="validation" id="id_{key}-feil">(.*?)</p>',
        content,
        re.S,
    )
    assert match, visible_text(content)[:500]
    return visible_text(match.group(1))


def assert_norwegian(error):
    """The form's own Norwegian text, not a Django default (English or Django's bokmål)."""
    assert error.startswith("Feil: ") and len(error) > len("Feil: "), error
    shown = [message for message in django_default_messages() if message in error]
    assert not shown, error


@FUZZ
@given(name=st.sampled_from(sorted(INVALID_VALUES)), data=st.data())
def test_invalid_answers_are_refused_next_to_the_field_and_kept(web, fuzz_form, name, data):
    page, keys = fuzz_form
    value = data.draw(INVALID_VALUES[name], label=name)
    before = ApplicationSubmission.objects.count()
    response = post_form(web, page, named(keys, {**VALID, name: value}))
    assert response.status_code == 200
    assert ApplicationSubmission.objects.count() == before
    content = response.content.decode()
    # The error sits next to its field (tied to it for screen readers) and is in Norwegian.
    assert f'id="id_{keys[name]}-feil"' in content, visible_text(content)[:500]
    assert_norwegian(error_next_to(content, keys[name]))
    assert "Skjemaet har 1 feil" in visible_text(content)
    if name in SHOWN_AS_TYPED:
        assert html.escape(without_invisible_characters(value)) in content


@FUZZ
@given(name=st.sampled_from(sorted(VALID)))
def test_a_missing_required_answer_is_refused(web, fuzz_form, name):
    page, keys = fuzz_form
    answers = {k: v for k, v in VALID.items() if k != name}
    before = ApplicationSubmission.objects.count()
    response = post_form(web, page, named(keys, answers))
    assert response.status_code == 200
    assert ApplicationSubmission.objects.count() == before
    content = response.content.decode()
    assert "Skjemaet har 1 feil" in visible_text(content)
    assert_norwegian(error_next_to(content, keys[name]))


# Valid data with junk around it: stored with the form's own fields only, cleaned

# Free text a person could type: no NUL, not only blanks, within the length limit.
free_text = st.text(
    st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=120
).filter(lambda v: v.strip())


@FUZZ
@given(
    name=free_text,
    why=free_text,
    role=st.one_of(st.just(""), free_text),
    extras=st.dictionaries(
        st.text(ANY_CHARACTER, min_size=1, max_size=20).filter(
            lambda k: k not in {HONEYPOT_FIELD, TOKEN_FIELD}
        ),
        posted_value,
        max_size=4,
    ),
)
def test_valid_answers_with_junk_are_stored_with_the_forms_fields_only(
    web, fuzz_form, name, why, role, extras
):
    page, keys = fuzz_form
    assume(not set(extras) & set(keys.values()))
    before = stored_pks()
    response = post_form(
        web, page, {**named(keys, {**VALID, "name": name, "why": why, "role": role}), **extras}
    )
    assert response.status_code == 302, visible_text(response.content.decode())[:400]
    (submission,) = ApplicationSubmission.objects.exclude(pk__in=before)
    assert_valid_application(submission, keys)
    stored = submission.form_data
    assert stored[keys["name"]] == name.strip()
    assert stored[keys["why"]] == why.strip()
    assert stored[keys["role"]] == role.strip()
    assert stored[keys["orgnr"]] == "974760673"
    assert stored[keys["phone"]] == "+4755565560"
    assert stored[keys["arts"]] == ["Musikk", "Dans"]
    assert stored[keys["students"]] == "250"
    assert stored[keys["start"]] == "2026-08-01"
    assert not set(stored) & set(extras)


@FUZZ
@given(
    name=free_text,
    why=free_text,
    junk=st.lists(st.sampled_from("\x00\x01\x07\x08\x0e\x1b\x1f\x7f\ufffe\uffff"), min_size=1),
    at=st.integers(0, 120),
)
def test_invisible_control_characters_are_removed_not_stored(web, fuzz_form, name, why, junk, at):
    # NUL cannot be stored in PostgreSQL and none of these may go into an XLSX export; a
    # person cannot see them (they come with pasted text), so they are dropped quietly.
    page, keys = fuzz_form
    junk = "".join(junk)
    before = stored_pks()
    response = post_form(
        web,
        page,
        named(
            keys,
            {
                **VALID,
                "name": name[:at] + junk + name[at:],
                "why": why[:at] + junk + why[at:],
                "email": "kari@bergen\x00.kommune.no",
            },
        ),
    )
    assert response.status_code == 302, visible_text(response.content.decode())[:400]
    (submission,) = ApplicationSubmission.objects.exclude(pk__in=before)
    assert_valid_application(submission, keys)
    assert submission.form_data[keys["name"]] == name.strip()
    assert submission.form_data[keys["why"]] == why.strip()
    assert submission.applicant_email == "kari@bergen.kommune.no"


def test_text_pasted_from_word_keeps_its_line_breaks(web, fuzz_form):
    page, keys = fuzz_form
    post_form(web, page, named(keys, {**VALID, "why": "Første linje\x0bAndre linje\x0cTredje"}))
    answer = ApplicationSubmission.objects.get().form_data[keys["why"]]
    assert answer == "Første linje\nAndre linje\nTredje"
