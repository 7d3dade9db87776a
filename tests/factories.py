"""One factory per page model (dev-only: factory_boy stays out of the runtime)."""

import datetime

import factory
import wagtail_factories

from applications.results_page import ResultsPage
from forms.models import ApplicationFormField, ApplicationFormPage
from home.models import ContentPage, HomePage, StrategyPage
from program.models import Gathering, ProgramIndexPage, ProgramMilestone, ProgramPage
from website.dates import OSLO


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Kulturskolerådet"
    hero_heading = "Kulturskole for alle"

    class Meta:
        model = HomePage


class StrategyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Strategi {n}")
    body = wagtail_factories.StreamFieldFactory({})

    class Meta:
        model = StrategyPage


class ContentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Innholdsside {n}")

    class Meta:
        model = ContentPage


class ProgramIndexPageFactory(wagtail_factories.PageFactory):
    title = "Program"
    slug = "program"

    class Meta:
        model = ProgramIndexPage


class ProgramPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Program {n}")
    program_start = datetime.date(2026, 8, 1)
    program_end = datetime.date(2027, 12, 31)
    application_opens = datetime.datetime(2026, 3, 19, 13, 0, tzinfo=OSLO)
    application_closes = datetime.datetime(2026, 4, 13, 23, 59, tzinfo=OSLO)
    information_webinar = datetime.datetime(2026, 3, 19, 12, 0, tzinfo=OSLO)
    reply_date = datetime.date(2026, 4, 30)

    class Meta:
        model = ProgramPage


class GatheringFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(ProgramPageFactory)
    date = datetime.date(2026, 11, 11)
    start_time = datetime.time(9, 0)
    end_time = datetime.time(13, 0)
    title = "Digital læringskonferanse"
    audience = "Hele kommunegruppa"
    mode = Gathering.Mode.DIGITAL

    class Meta:
        model = Gathering


class ProgramMilestoneFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(ProgramPageFactory)
    date = datetime.date(2026, 5, 1)
    end_date = datetime.date(2026, 6, 30)
    months_only = True
    description = "Hver kommune kontaktes av veileder fra Kulturskolerådet"

    class Meta:
        model = ProgramMilestone


class ApplicationFormPageFactory(wagtail_factories.PageFactory):
    title = "Søknad om deltakelse"
    slug = "soknad"
    reference_prefix = "VKU"
    to_address = "program@kulturskoleradet.no"
    from_address = "noreply@kulturskoleradet.no"
    subject = "Ny søknad"
    contact_text = "Spørsmål? Skriv til post@kulturskoleradet.no."

    class Meta:
        model = ApplicationFormPage


class ResultsPageFactory(wagtail_factories.PageFactory):
    """A round's results as applications.results.publish_results makes them."""

    title = "Resultater"
    slug = "resultater"
    results = factory.LazyFunction(
        lambda: [
            {
                "municipality": "Bergen",
                "county": "Vestland",
                "decision": "innvilget",
                "partners": [],
            }
        ]
    )
    published_on = datetime.date(2027, 2, 2)

    class Meta:
        model = ResultsPage


class ApplicationFormFieldFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(ApplicationFormPageFactory)
    label = factory.Sequence(lambda n: f"Felt {n}")
    field_type = "singleline"
    required = True
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = ApplicationFormField


# The news pages' factories live with their tests; here so every page model has one.
from tests.news.factories import NewsArticlePageFactory, NewsIndexPageFactory  # noqa: E402, F401
