"""Fuzzing with Hypothesis: whatever is posted to the application form, or put in a query
string or a path, the site answers without a server error, and never stores an invalid
application.

The database is not rolled back between the examples of one test, so each example compares
what is stored before and after its own request.
"""

import datetime
import html
import os
import re
import string
from decimal import Decimal
from urllib.parse import quote, unquote_to_bytes, urlencode, urlsplit

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import validate_email
from django.test import Client

import pytest
from hypothesis import HealthCheck, assume, event, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from stdnum.no import orgnr

from forms.fields import without_invisible_characters
from forms.models import ApplicationAttachment, ApplicationSubmission
from forms.submission import HONEYPOT_FIELD, TOKEN_FIELD, FormToken
from tests.conftest import oslo
from tests.factories import (
    ApplicationFormFieldFactory,
    ApplicationFormPageFactory,
    ProgramIndexPageFactory,
    ProgramPageFactory,
)
from tests.text import visible_text

# Bounded, so the module runs in about half a minute (after the test database is set up);
# `database=None` keeps Hypothesis from writing example files into the working tree.
FUZZ = hypothesis_settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# Query strings and paths are cheap to try: more of them.
FUZZ_MANY = hypothesis_settings(FUZZ, max_examples=100)

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# One field of every type an editor can add: (key, label, type, options).
FIELDS = [
    ("section", "Kommunen", "section", {}),
    ("municipality", "Kommune", "municipality", {}),
    ("orgnr", "Organisasjonsnummer", "orgnr", {}),
    ("name", "Navn", "singleline", {"autocomplete": "name"}),
    ("role", "Stilling", "singleline", {"required": False}),
    ("email", "E-post", "email", {"is_applicant_email": True}),
    ("phone", "Telefon", "phone", {}),
    ("why", "Hvorfor søker dere?", "multiline", {}),
    ("students", "Antall elever", "number", {}),
    ("start", "Ønsket oppstart", "date", {}),
    ("arts", "Kunstfag", "checkboxes", {"choices": "Musikk\nDans\nTeater"}),
    ("size", "Størrelse", "dropdown", {"choices": "Under 100\n100–500\nOver 500"}),
    ("region", "Landsdel", "radio", {"choices": "Nord\nMidt\nSør"}),
    ("commitment", "Vi stiller med en kommunegruppe.", "checkbox", {}),
    ("website", "Nettside", "url", {"required": False}),
    ("meeting", "Møtetidspunkt", "datetime", {"required": False}),
    ("languages", "Målform", "multiselect", {"choices": "Bokmål, Nynorsk", "required": False}),
    ("source", "Kilde", "hidden", {"required": False}),
    ("attachment", "Vedlegg", "attachment", {"required": False}),
]
FIELD_TYPES = {key: field_type for key, _label, field_type, _options in FIELDS}
CHOICES = {
    "arts": ["Musikk", "Dans", "Teater"],
    "size": ["Under 100", "100–500", "Over 500"],
    "region": ["Nord", "Midt", "Sør"],
    "languages": ["Bokmål", "Nynorsk"],
}
VALID = {
    "municipality": "4601",
    "orgnr": "974 760 673",
    "name": "Kari Nordmann",
    "email": "kari@bergen.kommune.no",
    "phone": "55 56 55 60",
    "why": "Vi vil bygge et profesjonsfellesskap.",
    "students": "250",
    "start": "01.08.2026",
    "arts": ["Musikk", "Dans"],
    "size": "100–500",
    "region": "Nord",
    "commitment": "on",
}


@pytest.fixture
def fuzz_form(home_page, clock, settings):
    """A published form with every field type, open for applications, without rate limit."""
    clock(oslo(2026, 4, 1, 12, 0))
    settings.APPLICATION_RATE_LIMIT = (10**6, 600)
    program = ProgramPageFactory(
        parent=ProgramIndexPageFactory(parent=home_page), title="Veiledning", slug="veiledning"
    )
    page = ApplicationFormPageFactory(parent=program)
    keys = {}
    for key, label, field_type, options in FIELDS:
        keys[key] = ApplicationFormFieldFactory(
            page=page, label=label, field_type=field_type, **options
        ).clean_name
    page.save_revision().publish()
    page.refresh_from_db()
    return page, keys


def named(keys, answers):
    """Answers by our short names → answers by the form's storage keys."""
    return {keys.get(name, name): value for name, value in answers.items()}


def post_form(client, page, data, token=True, content_type=None):
    data = dict(data)
    if token:
        data[TOKEN_FIELD] = FormToken.new().dumps()
    if content_type == "urlencoded":
        return client.post(
            page.url, urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded"
        )
    return client.post(page.url, data)


def stored_pks():
    return set(ApplicationSubmission.objects.values_list("pk", flat=True))


@pytest.fixture
def web():
    """A client that returns the 500 page instead of raising, as a browser would see it."""
    return Client(raise_request_exception=False)


# What a stored application must look like


def assert_valid_application(submission, keys):
    """Every stored answer has the shape its field promises, and nothing else is stored."""
    data = submission.form_data
    stored_keys = {keys[name] for name, _, field_type, _ in FIELDS if field_type != "section"}
    assert set(data) == stored_keys
    options = {key: opts for key, _label, _type, opts in FIELDS}
    for name, field_type in FIELD_TYPES.items():
        if field_type == "section":
            continue
        value = data[keys[name]]
        required = options[name].get("required", True)
        if value in ("", None, []) or value is False:
            assert not required, (name, value)
            continue
        if field_type in ("singleline", "multiline", "hidden", "url"):
            assert isinstance(value, str) and "\x00" not in value and value == value.strip()
            assert len(value) <= {"singleline": 255, "hidden": 255}.get(field_type, 10_000)
        elif field_type == "email":
            validate_email(value)
        elif field_type == "number":
            assert Decimal(value).is_finite()
        elif field_type == "date":
            datetime.date.fromisoformat(value)
        elif field_type == "datetime":
            datetime.datetime.fromisoformat(value)
        elif field_type in ("checkboxes", "multiselect"):
            assert isinstance(value, list) and set(value) <= set(CHOICES[name])
        elif field_type in ("dropdown", "radio"):
            assert value in CHOICES[name]
        elif field_type == "municipality":
            assert submission.municipality_id == value
        elif field_type == "orgnr":
            assert re.fullmatch(r"[0-9]{9}", value) and orgnr.is_valid(value)
        elif field_type == "phone":
            assert re.fullmatch(r"\+47[0-9]{8}", value)
        elif field_type == "checkbox":
            assert value is True
        elif field_type == "attachment":
            assert submission.attachments.filter(field_key=keys[name]).exists()
    assert submission.applicant_email == data[keys["email"]]
    assert submission.contact_name == data[keys["name"]]


# Strategies: odd text, wrong types, missing and extra fields

ODD_STRINGS = [
    "",
    " ",
    "\x00",
    "Kari\x00Nordmann",
    "\x01\x02\x0b\x0c\x1b[31m",
    "\r\n\r\n",
    "\t",
    "\u202eevil\u202c",
    "\ufeffbom",
    "\ufffe\uffff",
    "Z\u0351\u0353a\u0351l\u0353g\u0351o",
    "𝕂𝕦𝕝𝕥𝕦𝕣𝕤𝕜𝕠𝕝𝕖",
    "👩‍👩‍👧‍👦" * 3,
    "٩٧٤٧٦٠٦٧٣",
    "²²²²²²²²²",
    "９７４７６０６７３",
    "1e999999999",
    "-0",
    "NaN",
    "Infinity",
    "0001-01-01",
    "9999-12-31",
    "31.02.2026",
    "%00",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "{{ settings.SECRET_KEY }}",
    "=HYPERLINK(\"http://x\")",
    "x" * 300,
    "ø" * 10_001,
]
# Any character a browser could send: everything but lone surrogates, which are not UTF-8.
ANY_CHARACTER = st.characters(exclude_categories=("Cs",))
odd_text = st.one_of(
    st.sampled_from(ODD_STRINGS),
    st.text(ANY_CHARACTER, max_size=60),
    st.text(st.sampled_from("\x00\x01\x08\x0b\x0c\x1f\x7f\u0085\u2028\ufffd "), max_size=10),
)
# A posted value: one string, several (a field sent twice), or a file where text belongs.
posted_value = st.one_of(
    odd_text,
    st.lists(odd_text, min_size=2, max_size=3),
    st.builds(lambda content: SimpleUploadedFile("fil.pdf", content), st.binary(max_size=20)),
)
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
        web, page, {**named(keys, answers), **extras},
        content_type="urlencoded" if urlencoded else None,
    )
    assert response.status_code < 500
    event(f"answered {response.status_code}")  # see --hypothesis-show-statistics
    for submission in ApplicationSubmission.objects.exclude(pk__in=before):
        assert_valid_application(submission, keys)


@FUZZ
@given(body=st.binary(max_size=300), content_type=st.sampled_from([
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=grense",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "text/plain",
    "application/json",
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/x-www-form-urlencoded; charset=ingen-slik",
]))
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


@FUZZ
@given(name=st.sampled_from(sorted(INVALID_VALUES)), data=st.data())
def test_invalid_answers_are_refused_next_to_the_field_and_kept(
    web, fuzz_form, name, data
):
    page, keys = fuzz_form
    value = data.draw(INVALID_VALUES[name], label=name)
    before = ApplicationSubmission.objects.count()
    response = post_form(web, page, named(keys, {**VALID, name: value}))
    assert response.status_code == 200
    assert ApplicationSubmission.objects.count() == before
    content = response.content.decode()
    # The error sits next to its field (tied to it for screen readers) and is in Norwegian.
    assert f'id="id_{keys[name]}-feil"' in content, visible_text(content)[:500]
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
    assert "Skjemaet har 1 feil" in visible_text(response.content.decode())


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
def test_invisible_control_characters_are_removed_not_stored(
    web, fuzz_form, name, why, junk, at
):
    # NUL cannot be stored in PostgreSQL and none of these may go into an XLSX export; a
    # person cannot see them (they come with pasted text), so they are dropped quietly.
    page, keys = fuzz_form
    junk = "".join(junk)
    before = stored_pks()
    response = post_form(web, page, named(keys, {
        **VALID, "name": name[:at] + junk + name[at:], "why": why[:at] + junk + why[at:],
        "email": "kari@bergen\x00.kommune.no",
    }))
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


# Attachments: any bytes under any name


file_content = st.one_of(
    st.binary(max_size=200),
    st.builds(lambda body: PDF + body, st.binary(max_size=100)),
    st.builds(lambda body: b"PK\x03\x04" + body, st.binary(max_size=200)),
    st.builds(lambda body: b"\x89PNG\r\n\x1a\n" + body, st.binary(max_size=50)),
)
file_name = st.one_of(
    st.text(ANY_CHARACTER, max_size=40).map(lambda stem: stem + ".pdf"),
    # (The test client itself refuses to send a file without a name.)
    st.text(ANY_CHARACTER, max_size=40).filter(
        lambda name: os.path.basename(name) not in {"", ".", ".."}
    ),
    st.sampled_from([
        "æ" * 200 + ".pdf", "a" * 300 + ".pdf", "../../../etc/passwd.pdf", "..\\..\\vedtak.pdf",
        "vedtak.pdf\x00.exe", ".pdf", "vedtak.PDF", "<script>.pdf", "vedtak.pdf.",
        "con.pdf", "vedtak", " .pdf", "%00.pdf", "\u202efdp.exe",
    ]),
)


def readable(path):
    with open(path, "rb") as handle:
        return handle.read()


@FUZZ
@given(content=file_content, name=file_name)
def test_any_attachment_is_stored_safely_or_refused(web, fuzz_form, content, name):
    from django.conf import settings

    page, keys = fuzz_form
    before = stored_pks()
    upload = SimpleUploadedFile(name, content)
    response = post_form(web, page, named(keys, {**VALID, "attachment": upload}))
    assert response.status_code in (200, 302)
    stored = ApplicationSubmission.objects.exclude(pk__in=before)
    if response.status_code == 200:
        assert not stored.exists()
        assert f'id="id_{keys["attachment"]}-feil"' in response.content.decode()
        return
    (submission,) = stored
    assert_valid_application(submission, keys)
    attachment = submission.attachments.first()
    if attachment is None:
        # Django drops a file whose name has nothing usable left (only control characters,
        # say); only a hand-made request sends one, and the answer then says «no file».
        assert submission.form_data[keys["attachment"]] == ""
        return
    assert attachment.content_type in {
        "application/pdf", "image/png", "application/vnd.openxmlformats-officedocument."
        "wordprocessingml.document", "application/vnd.oasis.opendocument.text",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    # Inside private storage, under a short name of our own, with the content as sent.
    assert attachment.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert len(attachment.file.name) < 100
    assert readable(attachment.file.path) == content
    assert len(attachment.original_name) <= 255


def test_an_attachment_with_a_very_long_name_is_stored(web, fuzz_form):
    # Found by fuzzing: a name longer than the file system allows (255 bytes) gave a 500.
    page, keys = fuzz_form
    upload = SimpleUploadedFile("vedtak i kommunestyret æøå " * 12 + ".pdf", PDF)
    response = post_form(web, page, named(keys, {**VALID, "attachment": upload}))
    assert response.status_code == 302
    attachment = ApplicationAttachment.objects.get()
    assert attachment.original_name.startswith("vedtak i kommunestyret æøå vedtak")
    assert readable(attachment.file.path) == PDF


def corrupt_odt():
    """An ODT-like archive whose compressed «mimetype» entry is damaged."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text" * 10)
    data = bytearray(buffer.getvalue())
    start = data.find(b"mimetype") + len("mimetype")
    data[start + 2:start + 8] = b"\xff" * 6
    return bytes(data)


def test_a_damaged_archive_is_refused_as_a_file_type(web, fuzz_form):
    # zlib.error from the damaged entry was not caught: a 500 instead of the field error.
    page, keys = fuzz_form
    upload = SimpleUploadedFile("plan.odt", corrupt_odt())
    response = post_form(web, page, named(keys, {**VALID, "attachment": upload}))
    assert response.status_code == 200
    error = response.content.decode().split(f'id="id_{keys["attachment"]}-feil"')[1]
    assert "Filtypen er ikke tillatt." in error.split("</p>")[0]
    assert not ApplicationSubmission.objects.exists()


# Missing CSRF token


def test_a_post_without_csrf_token_is_refused_in_norwegian_and_stores_nothing(fuzz_form):
    page, keys = fuzz_form
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    assert browser.get(page.url).status_code == 200  # sets the CSRF cookie
    response = post_form(browser, page, named(keys, VALID))
    assert response.status_code == 403
    assert not ApplicationSubmission.objects.exists()
    text = visible_text(response.content.decode())
    assert "Hvis du holdt på å sende en søknad, er den ikke mottatt." in text
    assert "informasjonskapsler" in text
    # With the token from the form, the same answers are received.
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', browser.get(page.url).content.decode()
    ).group(1)
    response = post_form(browser, page, {**named(keys, VALID), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert ApplicationSubmission.objects.count() == 1


@FUZZ
@given(token=st.one_of(odd_text, st.text(string.ascii_letters + string.digits, max_size=80)))
def test_a_wrong_csrf_token_never_stores(fuzz_form, token):
    page, keys = fuzz_form
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    browser.cookies["csrftoken"] = "a" * 32
    response = post_form(browser, page, {**named(keys, VALID), "csrfmiddlewaretoken": token})
    assert response.status_code == 403
    assert not ApplicationSubmission.objects.exists()


# Request size limits, set on purpose


def assert_refused_page(response, status):
    assert response.status_code == status
    text = visible_text(response.content.decode())
    assert "Vi kunne ikke ta imot det du sendte" in text
    assert "Hvis du holdt på å sende en søknad, er den ikke mottatt." in text
    assert "tilbakeknapp" in text
    assert f"Feilkode: {status}" in text


def test_a_long_answer_gets_a_norwegian_error_next_to_the_field_and_is_kept(web, fuzz_form):
    page, keys = fuzz_form
    answer = "Vi vil lære. " * 1_000  # 13 000 characters
    response = post_form(web, page, named(keys, {**VALID, "why": answer}))
    assert response.status_code == 200
    content = response.content.decode()
    error = content.split(f'id="id_{keys["why"]}-feil"')[1].split("</p>")[0]
    assert "Svaret er for langt: 12999 tegn. Det kan være høyst 10000 tegn." in error
    assert answer in content  # all of it, not cut off
    assert 'maxlength="10000"' not in content  # the browser would cut pasted text silently
    assert not ApplicationSubmission.objects.exists()


def test_a_body_over_the_data_limit_gets_the_norwegian_400_page(fuzz_form, settings):
    # As in production: the CSRF check is the first to read the body.
    page, keys = fuzz_form
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', browser.get(page.url).content.decode()
    ).group(1)
    answer = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = post_form(
        browser, page, {**named(keys, {**VALID, "why": answer}), "csrfmiddlewaretoken": token}
    )
    assert_refused_page(response, 400)
    assert not ApplicationSubmission.objects.exists()


def test_too_many_fields_get_the_norwegian_400_page(web, fuzz_form, settings):
    page, _keys = fuzz_form
    body = "&".join(f"felt{n}=x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = web.post(page.url, body, content_type="application/x-www-form-urlencoded")
    assert_refused_page(response, 400)
    assert not ApplicationSubmission.objects.exists()


def test_too_many_files_get_the_norwegian_400_page(web, fuzz_form, settings):
    page, keys = fuzz_form
    count = settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1
    files = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(count)]
    response = post_form(web, page, named(keys, {**VALID, "attachment": files}))
    assert_refused_page(response, 400)
    assert not ApplicationSubmission.objects.exists()


def test_a_file_over_the_attachment_limit_is_refused_next_to_the_field(web, fuzz_form, settings):
    # A real 11 MB body: read in full, so the answers are kept and the error is by the field.
    page, keys = fuzz_form
    upload = SimpleUploadedFile("stor.pdf", PDF + b"0" * (11 * 1024 * 1024))
    response = post_form(web, page, named(keys, {**VALID, "attachment": upload}))
    assert response.status_code == 200
    content = response.content.decode()
    error = content.split(f'id="id_{keys["attachment"]}-feil"')[1].split("</p>")[0]
    assert "Filen er for stor (11,0\xa0MB). Største tillatte størrelse er 10,0\xa0MB." in error
    assert 'value="Kari Nordmann"' in content
    assert not ApplicationSubmission.objects.exists()
    assert not ApplicationAttachment.objects.exists()


def test_a_body_over_the_request_limit_is_refused_before_it_is_read(web, fuzz_form, settings):
    page, keys = fuzz_form
    # What the client says it will send is enough: nothing of the body is read.
    response = web.generic(
        "POST", page.url, b"", content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(settings.MAX_REQUEST_BODY_SIZE + 1),
    )
    assert_refused_page(response, 413)
    assert "Hvert vedlegg kan være høyst 10,0 MB" in visible_text(response.content.decode())
    # And a real body over a (lowered) limit.
    settings.MAX_REQUEST_BODY_SIZE = 1024 * 1024
    upload = SimpleUploadedFile("vedtak.pdf", PDF + b"0" * (1024 * 1024))
    response = post_form(web, page, named(keys, {**VALID, "attachment": upload}))
    assert_refused_page(response, 413)
    assert not ApplicationSubmission.objects.exists()


# Query strings: search, the program listing and the admin's application listing

# Values that have tripped up parsers of ids, page numbers, dates and search syntax.
TRICKY_VALUES = [
    "99999999999999999999", "9223372036854775808", "-1", "0", "1e3", "last", "²", "٣", "１",
    "0001-01-01", "9999-12-31", "2026-02-30", "01.13.2026", "true", "false", "None", "null",
    "[]", "%", "'", "\"", "\\", "*", ":*", "&", "|", "!", "(", ")", "<->", "' OR 1=1 --",
    "\x00", "a\x00b",
]
query_value = st.one_of(odd_text, st.sampled_from(TRICKY_VALUES))


def query_strings(names):
    """A query string: mostly the view's own parameters (any values, any count, repeated),
    sometimes unknown ones, sometimes no valid syntax at all."""
    known = st.lists(st.tuples(st.sampled_from(names), query_value), min_size=1, max_size=5)
    unknown = st.lists(st.tuples(st.text(ANY_CHARACTER, max_size=10), query_value), max_size=2)
    return st.one_of(
        st.builds(lambda pairs, more: urlencode(pairs + more), known, unknown),
        st.builds(lambda pairs: urlencode(pairs), known),
        st.text(ANY_CHARACTER, max_size=60).map(lambda text: quote(text, safe="=&%+;")),
        st.sampled_from(["%", "%zz", "%00", "q=%ff%fe", "&&&", "=", "q", "side=%c0%af",
                         "q=" + "a" * 5_000]),
    )


@FUZZ_MANY
@given(query=query_strings(["q", "side"]), english=st.booleans())
def test_any_search_query_string_is_answered(web, fuzz_form, query, english):
    response = web.get(f"{'/en' if english else ''}/sok/?{query}")
    assert response.status_code == 200


@FUZZ_MANY
@given(query=query_strings(["side", "page", "p", "year", "q"]))
def test_any_query_string_on_the_program_listing_is_answered(web, fuzz_form, query):
    response = web.get(f"/program/?{query}")
    assert response.status_code == 200


@pytest.fixture
def reviewer_client(fuzz_form, django_user_model):
    """A logged-in reviewer, with applications of every kind in the listing."""
    page, keys = fuzz_form
    user = django_user_model.objects.create_user("behandler", password="x")
    user.groups.add(Group.objects.get(name="Søknadsbehandlere"))
    web = Client(raise_request_exception=False)
    for answers in [
        VALID, {**VALID, "municipality": "0301", "name": "=SUM(A1)", "why": "-2+3"},
        {**VALID, "why": "Linje 1\r\nLinje 2 ✓ 𝕂 \u202e"},
    ]:
        post_form(web, page, named(keys, answers))
    first = ApplicationSubmission.objects.order_by("pk").first()
    first.assigned_to = user
    first.save()
    web.force_login(user)
    return web


LISTING_PARAMS = [
    "page", "status", "county", "assigned_to", "submit_time_after", "submit_time_before",
    "possible_duplicate", "q", "ordering", "p", "id", "export",
]


# Server errors the fuzzing found, kept as fixed examples:
@example(query="id=%C2%B2")
@example(query="page=99999999999999999999")
@example(query="export=csv&id=99999999999999999999")
@FUZZ_MANY
@given(query=query_strings(LISTING_PARAMS))
def test_any_query_string_on_the_application_listing_is_answered(reviewer_client, query):
    response = reviewer_client.get(f"/admin/soknader/liste/?{query}")
    # 404: a page of results that does not exist; 400: a number no database column holds.
    assert response.status_code in (200, 400, 404)
    if getattr(response, "streaming", False):  # an export: its rows are made while streamed
        b"".join(response.streaming_content)


@FUZZ
@given(
    export=st.sampled_from(["csv", "xlsx"]),
    query=query_strings([p for p in LISTING_PARAMS if p != "export"]),
)
def test_any_filter_on_an_export_is_answered(reviewer_client, export, query):
    # Asked by GET, done by POST (each export is logged).
    url = f"/admin/soknader/liste/?export={export}&{query}"
    assert reviewer_client.get(url).status_code in (200, 400)
    response = reviewer_client.post(url)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        b"".join(response.streaming_content)


# Server errors the fuzzing found, kept as fixed examples:
@example(path="/admin/soknader/hvem-har-sokt/", query="skjema=%C2%B2")
@example(path="/admin/bulk/forms/applicationsubmission/export/", query="id=abc")
@FUZZ_MANY
@given(
    path=st.sampled_from([
        "/admin/soknader/hvem-har-sokt/", "/admin/soknader/innsyn/",
        "/admin/bulk/forms/applicationsubmission/change_status/",
        "/admin/bulk/forms/applicationsubmission/export/",
        "/admin/bulk/forms/applicationsubmission/send_reply_letters/",
    ]),
    query=query_strings(["skjema", "export", "id", "email", "next"]),
)
def test_any_query_string_on_the_other_review_pages_is_answered(reviewer_client, path, query):
    response = reviewer_client.get(f"{path}?{query}")
    assert response.status_code < 500
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)


id_segment = st.one_of(
    st.sampled_from(["1", "0", "-1", "abc", "%C2%B2", "99999999999999999999", "%00", "1.0"]),
    st.text(ANY_CHARACTER, min_size=1, max_size=12).map(lambda s: quote(s, safe="")),
)


# Server errors the fuzzing found, kept as fixed examples:
@example(pk="abc", action="status", data={})
@FUZZ_MANY
@given(
    pk=id_segment,
    action=st.sampled_from(["status", "tildel", "notat", "svarbrev", "trekk-lenke"]),
    data=st.dictionaries(
        st.sampled_from(["status", "assigned_to", "text", "resend", "csrfmiddlewaretoken"]),
        query_value, max_size=4,
    ),
)
def test_any_review_action_is_answered(reviewer_client, pk, action, data):
    response = reviewer_client.post(f"/admin/soknader/liste/{pk}/{action}/", data)
    assert response.status_code in (302, 404), (pk, action)


@FUZZ_MANY
@given(
    view=st.sampled_from(["inspect", "history", "usage", "edit"]),
    pk=id_segment,
    query=query_strings(["p", "ordering", "q"]),
)
def test_any_application_page_address_is_answered(reviewer_client, view, pk, query):
    response = reviewer_client.get(f"/admin/soknader/liste/{view}/{pk}/?{query}")
    assert response.status_code in (200, 302, 400, 404), (view, pk)
    response = reviewer_client.get(f"/admin/soknader/vedlegg/{pk}/")
    assert response.status_code == 404


@FUZZ
@given(answer=st.one_of(
    st.text(ANY_CHARACTER.filter(lambda c: c != "\x00"), max_size=60),
    st.sampled_from(["=1+1", "-5", "@x", "\t=1", "\r=1", "'", "\x01\x0b\ufffe", "\u202e=1"]),
))
def test_any_stored_answer_can_be_exported(reviewer_client, fuzz_form, answer):
    # Old applications may hold what the form now removes; PostgreSQL holds no NUL at all.
    import csv
    import io
    import uuid

    from openpyxl import load_workbook

    from applications.review import spreadsheet_safe

    page, _keys = fuzz_form
    submission = ApplicationSubmission.objects.create(
        page=page, reference=f"FUZ-{uuid.uuid4().hex[:12]}", form_data={"svar": answer},
        field_labels=[{"key": "svar", "label": "Svar", "type": "multiline"}],
    )
    expected = spreadsheet_safe(answer)
    csv_response = reviewer_client.post(f"/admin/soknader/liste/?export=csv&id={submission.pk}")
    body = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    header, row = csv.reader(io.StringIO(body, newline=""), delimiter=";")
    assert dict(zip(header, row, strict=True))["Svar"] == expected
    xlsx_response = reviewer_client.post(
        f"/admin/soknader/liste/?export=xlsx&id={submission.pk}"
    )
    sheet = load_workbook(io.BytesIO(b"".join(xlsx_response.streaming_content))).active
    header, row = sheet.iter_rows(values_only=True)
    # (XML turns a carriage return into a line feed.)
    assert (dict(zip(header, row, strict=True))["Svar"] or "") == expected.replace("\r", "\n")
    submission.delete()


# Odd paths to the page router

path_segment = st.one_of(
    st.text(ANY_CHARACTER, min_size=1, max_size=30).map(lambda s: quote(s, safe="")),
    st.sampled_from([
        "", ".", "..", "%2e%2e", "%2E", "%00", "a%00b", "%ff", "%c0%af", "%e2%80%ae", "%",
        "%zz", "~", "%2f", "%5c", "a" * 3_000, "æøå", "%C3%A6", "program", "veiledning",
        "soknad", "kvittering", "status", "0" * 32, "en", "sok", "admin", "dokumenter",
        "index.php", ";jsessionid=1", "%0d%0aSet-Cookie:x=1", "/evil.example", "\\evil.example",
        "http:", "%2F%2Fevil.example",
    ]),
)


@FUZZ_MANY
@given(
    segments=st.lists(path_segment, max_size=6),
    slash=st.booleans(),
    query=query_value,
    method=st.sampled_from(["GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "BREW"]),
)
def test_odd_paths_never_give_a_server_error(web, fuzz_form, segments, slash, query, method):
    path = "/" + "/".join(segments) + ("/" if slash else "")
    # Straight into the WSGI environ, as a server passes it: the test client would read a
    # path starting with «//» as a host name.
    response = web.generic(
        method, "/", PATH_INFO=unquote_to_bytes(path).decode("iso-8859-1"),
        QUERY_STRING=urlencode({"q": query}),
    )
    assert response.status_code < 500, path
    assert "Set-Cookie:x" not in str(response.headers)
    if response.has_header("Location"):  # never a redirect to another site
        assert urlsplit(response["Location"]).netloc in ("", "testserver"), response["Location"]


@FUZZ
@given(tail=st.lists(path_segment, min_size=1, max_size=3))
def test_odd_paths_under_the_form_page_never_give_a_server_error(web, fuzz_form, tail):
    page, _keys = fuzz_form
    path = page.url + "/".join(tail) + "/"
    assert web.get(path).status_code < 500, path
    assert web.post(path, {"confirm_withdraw": "1"}).status_code < 500, path


# The admin as staff reach it: Wagtail's listings, filters, search, history, usage, API,
# choosers and reports, and «Søknader», as an editor, a moderator and a reviewer.

ADMIN_PAGES = [
    "/admin/", "/admin/pages/", "/admin/pages/{home}/", "/admin/pages/{home}/results/",
    "/admin/pages/{form}/edit/", "/admin/pages/{form}/history/", "/admin/pages/{form}/usage/",
    "/admin/pages/{program}/delete/", "/admin/pages/search/", "/admin/search/",
    "/admin/reports/site-history/", "/admin/reports/site-history/results/",
    "/admin/reports/locked/", "/admin/reports/aging-pages/", "/admin/reports/workflow/",
    "/admin/reports/workflow_tasks/", "/admin/reports/oversettelser/",
    "/admin/localize/reports/translations/",
    "/admin/api/main/pages/", "/admin/api/main/pages/{home}/", "/admin/api/main/images/",
    "/admin/api/main/documents/", "/admin/choose-page/", "/admin/choose-page/{home}/",
    "/admin/choose-page/search/", "/admin/images/", "/admin/images/chooser/",
    "/admin/documents/", "/admin/documents/chooser/", "/admin/snippets/",
    "/admin/forms/", "/admin/forms/submissions/{form}/",
    "/admin/bulk/wagtailcore/page/delete/", "/admin/bulk/wagtailcore/page/publish/",
    "/admin/bulk/forms/applicationsubmission/delete/", "/admin/workflows/list/",
    "/admin/redirects/", "/admin/localize/api/snippets/forms/applicationsubmission/",
    "/admin/soknader/liste/", "/admin/soknader/liste/results/",
    "/admin/soknader/liste/history/{app}/", "/admin/soknader/liste/usage/{app}/",
    "/admin/soknader/hvem-har-sokt/", "/admin/tag-autocomplete/",
]
ADMIN_PARAMS = [
    "p", "page", "q", "ordering", "user", "owner", "content_type", "offset", "limit", "id",
    "timestamp_after", "timestamp_before", "action", "object_type", "locale", "child_of",
    "type", "fields", "search", "order", "parent", "collection_id", "tag", "next", "status",
    "county", "assigned_to", "submit_time_after", "possible_duplicate", "skjema", "export",
    "latest_revision_created_at_after", "has_child_pages", "site", "describe_on_delete",
]
STAFF_GROUPS = {
    "editor": "Redaktører", "moderator": "Moderatorer", "reviewer": "Søknadsbehandlere",
}


@pytest.fixture
def staff_clients(reviewer_client, fuzz_form, django_user_model):
    """A signed-in client per staff group, and the ids the admin's addresses take."""
    page, _keys = fuzz_form
    clients = {"reviewer": reviewer_client}
    for role in ("editor", "moderator"):
        user = django_user_model.objects.create_user(role, password="x")
        user.groups.add(Group.objects.get(name=STAFF_GROUPS[role]))
        clients[role] = Client(raise_request_exception=False)
        clients[role].force_login(user)
    ids = {"home": page.get_parent().get_parent().get_parent().pk, "form": page.pk,
           "program": page.get_parent().pk,
           "app": ApplicationSubmission.objects.order_by("pk").first().pk}
    return clients, ids


# Server errors the fuzzing found, kept as fixed examples:
@example(role="editor", path="/admin/reports/site-history/", query="user=99999999999999999999")
@example(role="moderator", path="/admin/api/main/pages/", query="offset=9223372036854775808")
@example(role="editor", path="/admin/pages/{home}/", query="owner=99999999999999999999")
@example(role="reviewer", path="/admin/pages/{home}/results/", query="content_type=1e400")
@FUZZ_MANY
@given(
    role=st.sampled_from(sorted(STAFF_GROUPS)),
    path=st.sampled_from(ADMIN_PAGES),
    query=query_strings(ADMIN_PARAMS),
)
def test_any_query_string_on_the_admin_staff_reach_is_answered(staff_clients, role, path, query):
    clients, ids = staff_clients
    url = path.format(**ids)
    response = clients[role].get(f"{url}?{query}")
    assert response.status_code < 500, (role, url, query)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)


@FUZZ_MANY
@given(
    role=st.sampled_from(sorted(STAFF_GROUPS)),
    path=st.sampled_from([
        "/admin/pages/{id}/", "/admin/pages/{id}/edit/", "/admin/pages/{id}/history/",
        "/admin/pages/{id}/usage/", "/admin/pages/{id}/delete/", "/admin/choose-page/{id}/",
        "/admin/api/main/pages/{id}/", "/admin/forms/submissions/{id}/",
        "/admin/soknader/liste/inspect/{id}/", "/admin/localize/api/snippets/forms/x/{id}/",
    ]),
    pk=id_segment,
)
def test_any_id_in_an_admin_address_is_answered(staff_clients, role, path, pk):
    clients, _ids = staff_clients
    url = path.format(id=pk)
    response = clients[role].get(url)
    assert response.status_code < 500, (role, url)
