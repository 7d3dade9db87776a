"""StreamField blocks shared by the strategy, content and program pages."""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def anchor_slug(text):
    """A URL fragment for a heading: «Mangfold og bærekraft» → «mangfold-og-baerekraft»."""
    return slugify(text.translate(NORWEGIAN_LETTERS))


class HeadingValue(blocks.StructValue):
    @property
    def anchor_id(self):
        """The editor's anchor, or one made from the heading text."""
        return anchor_slug(self.get("anchor") or self.get("text"))


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Overskrift"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Nivå"),
        choices=[("h2", _("Hovedoverskrift (nivå 2)")), ("h3", _("Underoverskrift (nivå 3)"))],
        default="h2",
        help_text=_("Hovedoverskrifter vises i innholdsfortegnelsen på strategisider."),
    )
    anchor = blocks.CharBlock(
        label=_("Anker"),
        required=False,
        max_length=80,
        help_text=_(
            "Valgfritt. Brukes i lenker til avsnittet (#anker). "
            "Lages automatisk av overskriften når feltet er tomt."
        ),
    )

    def clean(self, value):
        value = super().clean(value)
        anchor = value.get("anchor")
        if anchor and anchor_slug(anchor) != anchor:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "anchor": ValidationError(
                        _(
                            "Bruk bare små bokstaver, tall og bindestrek, "
                            "for eksempel «%(forslag)s»."
                        )
                        % {"forslag": anchor_slug(anchor)}
                    )
                }
            )
        return value

    class Meta:
        icon = "title"
        label = _("Overskrift")
        description = _("En overskrift med anker, som også blir med i innholdsfortegnelsen.")
        template = "components/streamfield/blocks/heading_block.html"
        value_class = HeadingValue
        group = _("Tekst")
        preview_value = {"text": "Strategiområder", "level": "h2", "anchor": ""}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Tekst")
        description = _("Avsnitt med formatering, lenker og punktlister.")
        template = "components/streamfield/blocks/paragraph_block.html"
        group = _("Tekst")
        preview_value = (
            "<p>Kulturskolerådet er en interesse- og utviklingsorganisasjon for "
            "kommunene og de kommunale kulturskolene.</p>"
        )


class TitledTextBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tittel"), max_length=120)
    text = blocks.TextBlock(label=_("Tekst"))


class ValueCardsBlock(blocks.StructBlock):
    cards = blocks.ListBlock(TitledTextBlock(), label=_("Kort"), min_num=1)

    class Meta:
        icon = "table"
        label = _("Verdikort")
        description = _("Kort med tittel og tekst, for eksempel organisasjonens verdier.")
        template = "components/streamfield/blocks/value_cards_block.html"
        group = _("Struktur")
        preview_value = {
            "cards": [
                {"title": "Inkluderende", "text": "Alle skal få ta del i kulturskolefellesskapet."},
                {"title": "Nyskapende", "text": "Fremoverlent og banebrytende."},
            ]
        }


class TaskListBlock(blocks.StructBlock):
    tasks = blocks.ListBlock(TitledTextBlock(), label=_("Oppgaver"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Nummerert oppgaveliste")
        description = _("Nummererte oppgaver med tittel og tekst, for eksempel hovedoppgaver.")
        template = "components/streamfield/blocks/task_list_block.html"
        group = _("Struktur")
        preview_value = {
            "tasks": [
                {"title": "Politisk påvirkning", "text": "Dialog med politikere og myndigheter."},
                {"title": "Interesseforsvar", "text": "Representere kulturskolenes interesser."},
            ]
        }


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Sitat"))
    attribution = blocks.CharBlock(label=_("Hvem sa det"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("Sitat")
        description = _("Et sitat med opphav.")
        template = "components/streamfield/blocks/quote_block.html"
        group = _("Tekst")
        preview_value = {
            "text": "«Rammeplanen er «rammen som holder bildet på plass».»",
            "attribution": "Gunnar Skaar",
        }


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tittel"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("Tekst"), features=["bold", "italic", "link"])

    class Meta:
        icon = "warning"
        label = _("Uthevet boks")
        description = _("Fremhever et budskap, for eksempel visjonen eller et målbilde.")
        template = "components/streamfield/blocks/callout_block.html"
        group = _("Tekst")
        preview_value = {"title": "Visjon", "text": "<p>Kulturskole for alle</p>"}


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Bilde"))
    caption = blocks.CharBlock(label=_("Bildetekst"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Bilde")
        description = _("Et bilde med alternativ tekst og valgfri bildetekst.")
        template = "components/streamfield/blocks/image_block.html"
        group = _("Media")


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Dokument"))
    title = blocks.CharBlock(
        label=_("Lenketekst"),
        required=False,
        max_length=200,
        help_text=_("Valgfritt. Dokumentets tittel brukes når feltet er tomt."),
    )
    description = blocks.TextBlock(label=_("Beskrivelse"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Dokumentlenke")
        description = _("En lenke til et dokument, med filtype og størrelse.")
        template = "components/streamfield/blocks/document_link_block.html"
        group = _("Media")


class ApplicationFormBlock(blocks.StructBlock):
    """An application form shown inside another page. It posts to its own form page, so the
    window, the checks and the confirmation are the form page's, and the form page says what
    showing it takes: `embedded_form_context(request)`. The page type is named, not
    imported: the forms app stands above this one."""

    form_page = blocks.PageChooserBlock(
        label=_("Søknadsskjema"), page_type=["forms.ApplicationFormPage"]
    )
    heading = blocks.CharBlock(label=_("Overskrift"), required=False, max_length=120)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        if value["form_page"] is not None:
            # The form in the language of the page showing it.
            form_page = value["form_page"].specific.localized.specific
            request = (parent_context or {}).get("request")
            context.update(form_page.embedded_form_context(request))
        return context

    class Meta:
        icon = "form"
        label = _("Søknadsskjema")
        description = _("Viser et søknadsskjema på siden. Svarene sendes til skjemasiden.")
        template = "forms/blocks/application_form_block.html"
        group = _("Skjema")


class StoryBlock(blocks.StreamBlock):
    """The body of strategy, content and program pages."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    value_cards = ValueCardsBlock()
    task_list = TaskListBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    image = CaptionedImageBlock()
    document = DocumentLinkBlock()
    application_form = ApplicationFormBlock()

    class Meta:
        template = "components/streamfield/stream_block.html"


class FeaturedLinkValue(blocks.StructValue):
    @property
    def linked_page(self):
        """The chosen page as its own type (the home page fetches them for all links at once)."""
        if getattr(self, "specific_page", None) is not None:
            return self.specific_page
        page = self.get("page")
        return page.specific if page else None


class FeaturedLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(
        label=_("Side"),
        page_type=[
            "home.StrategyPage",
            "home.ContentPage",
            "program.ProgramPage",
            "program.ProgramIndexPage",
        ],
    )
    title = blocks.CharBlock(
        label=_("Tittel"),
        required=False,
        max_length=120,
        help_text=_("Valgfritt. Sidens tittel brukes når feltet er tomt."),
    )
    text = blocks.TextBlock(label=_("Kort tekst"), required=False, max_length=300)

    class Meta:
        icon = "link"
        label = _("Fremhevet lenke")
        template = "components/streamfield/blocks/featured_link_block.html"
        value_class = FeaturedLinkValue


class FeaturedLinksBlock(blocks.StreamBlock):
    link = FeaturedLinkBlock()

    class Meta:
        max_num = 6


def table_of_contents(stream_value):
    """Main headings (h2) of a StreamField body with their sub-headings (h3), in order."""
    toc = []
    for child in stream_value:
        if child.block_type != "heading":
            continue
        entry = {"text": child.value["text"], "anchor": child.value.anchor_id, "children": []}
        if child.value["level"] == "h3" and toc:
            toc[-1]["children"].append(entry)
        else:
            toc.append(entry)
    return toc
