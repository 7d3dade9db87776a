"""Typos in the strategy seed document (shared/seeds/000_*.txt) that the site corrects.

Only where the fix is beyond doubt: a doubled word, a misspelling the document itself writes
right elsewhere, a missing genitive -s or preposition. home/seed/strategy.json and its
English translation keys carry the corrected text; the seed-fidelity test
(tests/test_seed.py) corrects each document line the same way before looking for it.
Other oddities are kept as the organisation wrote them (the lead's note lists them).
"""

# (as written in the document, as published)
CORRECTIONS = [
    ("til å møte møter", "til å møte"),
    ("Kulturskoleråds virksomhetsområde", "Kulturskolerådets virksomhetsområde"),
    ("får ta del kulturskolefelleskapet", "får ta del i kulturskolefellesskapet"),
    ("skal virke i landet kommuner", "skal virke i landets kommuner"),
]


def corrected(text):
    for written, published in CORRECTIONS:
        text = text.replace(written, published)
    return text
