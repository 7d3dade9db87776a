"""Public addresses: any query string on search and the program listing, and odd paths to
the page router, are answered without a server error."""

from urllib.parse import quote, unquote_to_bytes, urlencode, urlsplit

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.strategies import ANY_CHARACTER, FUZZ, FUZZ_MANY, query_strings, query_value


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


# Odd paths to the page router

path_segment = st.one_of(
    st.text(ANY_CHARACTER, min_size=1, max_size=30).map(lambda s: quote(s, safe="")),
    st.sampled_from(
        [
            "",
            ".",
            "..",
            "%2e%2e",
            "%2E",
            "%00",
            "a%00b",
            "%ff",
            "%c0%af",
            "%e2%80%ae",
            "%",
            "%zz",
            "~",
            "%2f",
            "%5c",
            "a" * 3_000,
            "æøå",
            "%C3%A6",
            "program",
            "veiledning",
            "soknad",
            "kvittering",
            "status",
            "0" * 32,
            "en",
            "sok",
            "admin",
            "dokumenter",
            "index.php",
            ";jsessionid=1",
            "%0d%0aSet-Cookie:x=1",
            "/evil.example",
            "\\evil.example",
            "http:",
            "%2F%2Fevil.example",
        ]
    ),
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
        method,
        "/",
        PATH_INFO=unquote_to_bytes(path).decode("iso-8859-1"),
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
