"""Block behaviour editors notice: anchors and their validation."""

from wagtail.blocks import StructBlockValidationError

import pytest

from home.blocks import HeadingBlock, StoryBlock, anchor_slug, table_of_contents


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("Mangfold og bærekraft", "mangfold-og-baerekraft"),
        ("Strategiområder", "strategiomrader"),
        ("Hva innebærer deltakelse?", "hva-innebaerer-deltakelse"),
        ("Økonomi og Årsplan", "okonomi-og-arsplan"),
    ],
)
def test_anchors_keep_norwegian_letters_readable(text, anchor):
    assert anchor_slug(text) == anchor


def test_a_heading_uses_the_editors_anchor_when_given():
    block = HeadingBlock()
    value = block.to_python({"text": "Politisk plattform", "level": "h2", "anchor": "plattform"})
    assert value.anchor_id == "plattform"
    assert '<h2 id="plattform">Politisk plattform</h2>' in block.render(value)


def test_an_anchor_that_is_not_a_slug_is_refused_with_a_suggestion():
    block = HeadingBlock()
    value = block.to_python({"text": "Verdier", "level": "h2", "anchor": "Våre verdier"})
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    message = error.value.block_errors["anchor"].messages[0]
    assert message == "Bruk bare små bokstaver, tall og bindestrek, for eksempel «vare-verdier»."


def test_table_of_contents_nests_sub_headings():
    body = StoryBlock().to_python(
        [
            {"type": "heading", "value": {"text": "A", "level": "h2", "anchor": ""}},
            {"type": "heading", "value": {"text": "A1", "level": "h3", "anchor": ""}},
            {"type": "paragraph", "value": "<p>Tekst</p>"},
            {"type": "heading", "value": {"text": "B", "level": "h2", "anchor": "bee"}},
        ]
    )
    assert table_of_contents(body) == [
        {"text": "A", "anchor": "a", "children": [{"text": "A1", "anchor": "a1", "children": []}]},
        {"text": "B", "anchor": "bee", "children": []},
    ]
