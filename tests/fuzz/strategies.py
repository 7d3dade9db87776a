"""Hypothesis settings and the strategies the fuzz modules share: odd text, posted values,
query strings and ids in addresses."""

from urllib.parse import quote, urlencode

from django.core.files.uploadedfile import SimpleUploadedFile

from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

# Bounded, so the fuzz modules run in about half a minute (after the test database is set up);
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
    '=HYPERLINK("http://x")',
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


# Values that have tripped up parsers of ids, page numbers, dates and search syntax.
TRICKY_VALUES = [
    "99999999999999999999",
    "9223372036854775808",
    "-1",
    "0",
    "1e3",
    "last",
    "²",
    "٣",
    "１",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "01.13.2026",
    "true",
    "false",
    "None",
    "null",
    "[]",
    "%",
    "'",
    '"',
    "\\",
    "*",
    ":*",
    "&",
    "|",
    "!",
    "(",
    ")",
    "<->",
    "' OR 1=1 --",
    "\x00",
    "a\x00b",
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
        st.sampled_from(
            ["%", "%zz", "%00", "q=%ff%fe", "&&&", "=", "q", "side=%c0%af", "q=" + "a" * 5_000]
        ),
    )


id_segment = st.one_of(
    st.sampled_from(["1", "0", "-1", "abc", "%C2%B2", "99999999999999999999", "%00", "1.0"]),
    st.text(ANY_CHARACTER, min_size=1, max_size=12).map(lambda s: quote(s, safe="")),
)
