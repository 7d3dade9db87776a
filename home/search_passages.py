"""The passage shown under a search result, with the words that matched marked.

Markup safety: the page's text is HTML-escaped whole; only the marks we add are markup.
PostgreSQL's ts_headline marks matches with two private-use characters (removed from the
text first, so a page cannot forge a mark), and `marked_passage` turns them into <mark>.
Where the database has no headline function (SQLite in development), `python_passage`
cuts the passage around the first whole-word match itself.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

START, STOP = "\ue000", "\ue001"
MARKERS = START + STOP
PASSAGE_WORDS = 30


def marked_passage(headline):
    """HTML for a headline whose matches are wrapped in START/STOP."""
    html = escape(headline or "")
    return mark_safe(html.replace(START, "<mark>").replace(STOP, "</mark>"))


def _word_pattern(terms):
    words = terms.split() if isinstance(terms, str) else list(terms)
    words = [re.escape(word) for word in words if any(c.isalnum() for c in word)]
    if not words:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(words) + r")(?!\w)", re.IGNORECASE)


def python_passage(text, terms, words=PASSAGE_WORDS):
    """About `words` words of `text` around the first whole-word match of `terms`, marked."""
    text = " ".join((text or "").replace(START, "").replace(STOP, "").split())
    pattern = _word_pattern(terms)
    match = pattern.search(text) if pattern else None
    tokens = text.split(" ")
    if match:
        at = len(text[: match.start()].split())
        first = max(0, at - words // 3)
    else:
        first = 0
    cut = tokens[first : first + words]
    passage = " ".join(cut)
    if first > 0:
        passage = "… " + passage
    if first + words < len(tokens):
        passage += " …"
    if pattern:
        passage = pattern.sub(lambda m: START + m.group(0) + STOP, passage)
    return marked_passage(passage)


def matched_words(headline):
    """The words a headline marked (their forms as written in the text)."""
    return set(re.findall(f"{START}(.*?){STOP}", headline or "", re.DOTALL))


def mark_words(text, words):
    """HTML for `text` with each whole-word occurrence of `words` marked."""
    text = (text or "").replace(START, "").replace(STOP, "")
    pattern = _word_pattern(words)
    if pattern:
        text = pattern.sub(lambda m: START + m.group(0) + STOP, text)
    return marked_passage(text)
