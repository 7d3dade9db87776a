"""The ranking of a round (issue 17, item 5): every application of a Norwegian form page with
its score as the viewer may see it, ordered by weighted average, and the counties beside it.

A fixed number of queries whatever the number of applications: the applications (with
municipality and proposal), their partners, their assessments, the scores, the criteria,
the round and the counties. Withdrawn applications are left out of the ranking (they are
counted, so the page can say how many)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q

from forms.models import ApplicationSubmission, Municipality, ReviewStatus

from .assessment import ApplicationScore, round_criteria, rounded, summarise
from .models import Assessment, AssessmentRound, Declaration, Recommendation

DEFAULT_SPREAD_LIMIT = AssessmentRound._meta.get_field("spread_limit").default
WITHDRAWN = Q(status=ReviewStatus.WITHDRAWN) | Q(withdrawn_at__isnull=False)


@dataclass
class RankingRow:
    application: ApplicationSubmission
    summary: ApplicationScore
    recommendation: str = ""
    rank: int | None = None
    disagrees: bool = False

    @property
    def county(self):
        municipality = self.application.municipality
        return municipality.county if municipality else ""


@dataclass
class CountyRow:
    number: str
    name: str
    applications: int = 0
    proposed_yes: int = 0
    averages: list = field(default_factory=list)

    @property
    def average(self):
        """The mean of the averages the viewer sees (hidden ones are left out)."""
        if not self.averages:
            return None
        return rounded(sum(self.averages) / len(self.averages))


@dataclass
class Ranking:
    page: object
    round: AssessmentRound | None
    criteria: list
    rows: list
    withdrawn: int
    counties: list
    spread_limit: Decimal

    def proposal_counts(self):
        """[(recommendation, label, count)] of the rows, in the choices' order."""
        counts = {value: 0 for value in Recommendation.values}
        for row in self.rows:
            if row.recommendation in counts:
                counts[row.recommendation] += 1
        return [(value, label, counts[value]) for value, label in Recommendation.choices]


def ranked_applications(page):
    """The page's applications that take part, with what a ranking row and export need."""
    assessments = Assessment.objects.select_related("assessor").prefetch_related("scores")
    return (
        ApplicationSubmission.objects.filter(page=page)
        .exclude(WITHDRAWN)
        .select_related("municipality", "proposal")
        .prefetch_related(
            "partner_municipalities",
            Prefetch("assessments", queryset=assessments.order_by("pk")),
        )
    )


def sort_key(row):
    average = row.summary.average
    # Highest average first, those without one last, then by reference.
    return (average is None, -(average or Decimal(0)), row.application.reference)


def counties():
    """Norway's counties as the municipality register has them, in number order."""
    return [
        CountyRow(number=number, name=name)
        for number, name in Municipality.objects.values_list("county_number", "county")
        .distinct()
        .order_by("county_number")
    ]


def county_rows(rows):
    table = counties()
    by_number = {county.number: county for county in table}
    for row in rows:
        municipality = row.application.municipality
        county = by_number.get(municipality.county_number) if municipality else None
        if county is None:
            continue
        county.applications += 1
        county.proposed_yes += row.recommendation == Recommendation.YES
        if row.summary.average is not None:
            county.averages.append(row.summary.average)
    return table


def rank(page, viewer):
    """The Ranking of a Norwegian form page as the viewer may see it."""
    criteria = round_criteria(page)
    assessment_round = AssessmentRound.objects.filter(page=page).select_related("owner").first()
    limit = assessment_round.spread_limit if assessment_round else DEFAULT_SPREAD_LIMIT
    rows = []
    for application in ranked_applications(page):
        summary = summarise(list(application.assessments.all()), criteria, viewer)
        proposal = getattr(application, "proposal", None)
        rows.append(
            RankingRow(
                application=application,
                summary=summary,
                recommendation=proposal.recommendation if proposal else "",
                disagrees=summary.disagrees(limit),
            )
        )
    rows.sort(key=sort_key)
    for position, row in enumerate((r for r in rows if r.summary.average is not None), 1):
        row.rank = position
    return Ranking(
        page=page,
        round=assessment_round,
        criteria=criteria,
        rows=rows,
        withdrawn=ApplicationSubmission.objects.filter(page=page).filter(WITHDRAWN).count(),
        counties=county_rows(rows),
        spread_limit=limit,
    )


def round_overview(pages):
    """[(page, applications, delivered, assigned)] for the rounds list, in three queries."""
    pages = list(pages)
    taking_part = ApplicationSubmission.objects.filter(page__in=pages).exclude(WITHDRAWN)
    applications = dict(
        taking_part.values_list("page").annotate(n=Count("pk")).order_by().values_list("page", "n")
    )
    not_partial = ~Q(declaration=Declaration.PARTIAL)
    assessments = {
        row["submission__page"]: row
        for row in Assessment.objects.filter(submission__in=taking_part)
        .values("submission__page")
        .annotate(
            assigned=Count("pk", filter=not_partial),
            delivered=Count("pk", filter=not_partial & Q(delivered_at__isnull=False)),
        )
        .order_by()
    }
    return [
        (
            page,
            applications.get(page.pk, 0),
            assessments.get(page.pk, {}).get("delivered", 0),
            assessments.get(page.pk, {}).get("assigned", 0),
        )
        for page in pages
    ]
