"""Block behaviour editors notice: anchors and their validation."""

from django.core.files.base import ContentFile

from wagtail.blocks import StructBlockValidationError

import pytest
from wagtail_factories import DocumentFactory, ImageFactory

from home.blocks import (
    CaptionedImageBlock,
    DocumentLinkBlock,
    HeadingBlock,
    StoryBlock,
    anchor_slug,
    table_of_contents,
)


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


@pytest.mark.django_db
def test_image_block_renders_a_picture_with_alt_text_and_caption():
    image = ImageFactory(title="Elever spiller fiolin", description="Tre elever spiller fiolin")
    block = CaptionedImageBlock()
    value = block.to_python(
        {
            "image": {"image": image.pk, "alt_text": "Elever på konsert", "decorative": False},
            "caption": "Vårkonsert 2026",
        }
    )
    html = block.render(value)
    assert "<picture>" in html
    assert 'alt="Elever på konsert"' in html
    assert 'loading="lazy"' in html
    assert "<figcaption>Vårkonsert 2026</figcaption>" in html


@pytest.mark.django_db
def test_document_link_block_gives_type_and_size():
    document = DocumentFactory(
        title="Rammeplan for kulturskolen", file=ContentFile(b"x" * 2048, name="rammeplan.pdf")
    )
    block = DocumentLinkBlock()
    html = block.render(block.to_python({"document": document.pk, "title": "", "description": ""}))
    assert ">Rammeplan for kulturskolen</a>" in html
    assert "(PDF, 2,0\xa0KB)" in html
