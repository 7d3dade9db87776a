"""The counties beside the ranking (issue 17, item 5): the table per county, and the SVG bar
chart of the 15 counties with an accessible name, escaped names and no JavaScript."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from applications.county_chart import county_chart
from applications.models import Proposal, Recommendation
from applications.ranking import CountyRow, rank
from tests.assessment.helpers import assign, score
from tests.assessment.ranking_helpers import ranking_url
from tests.review.helpers import make_application

SVG = "{http://www.w3.org/2000/svg}"


def county(ranking, name):
    return next(row for row in ranking.counties if row.name == name)


def test_the_county_table_counts_applications_averages_and_proposed_yes(
    form_page, criteria, assessors, users
):
    bergen, kinn = make_application(form_page, 1), make_application(form_page, 2, "4602")
    oslo = make_application(form_page, 3, "0301")
    score(assign(bergen, assessors[0]), criteria, [6, 6, 6])
    score(assign(kinn, assessors[0]), criteria, [3, 3, 3])
    Proposal.objects.create(submission=kinn, recommendation=Recommendation.YES)
    Proposal.objects.create(submission=oslo, recommendation=Recommendation.NO)
    ranking = rank(form_page, users["reviewer"])
    assert len(ranking.counties) == 15
    vestland = county(ranking, "Vestland")
    assert (vestland.applications, vestland.average, vestland.proposed_yes) == (
        2,
        Decimal("4.50"),
        1,
    )
    oslo_county = county(ranking, "Oslo")
    assert (oslo_county.applications, oslo_county.average, oslo_county.proposed_yes) == (
        1,
        None,
        0,
    )
    assert county(ranking, "Rogaland").applications == 0


def test_a_hidden_average_is_not_in_the_county_average(form_page, criteria, assessors, users):
    bergen, kinn = make_application(form_page, 1), make_application(form_page, 2, "4602")
    score(assign(bergen, assessors[0]), criteria, [6, 6, 6])
    score(assign(kinn, assessors[0]), criteria, [2, 2, 2])
    assign(kinn, users["reviewer"])  # not delivered: kinn's scores are hidden from them
    make_application(form_page, 3, "4602")  # no score yet: not a zero in the average
    assert county(rank(form_page, users["reviewer"]), "Vestland").average == Decimal("6.00")


def test_the_page_has_the_county_table_and_the_chart(client, form_page, users):
    make_application(form_page, 1)
    client.force_login(users["reviewer"])
    html = client.get(ranking_url(form_page)).content.decode()
    assert '<table class="listing" id="fylketabell">' in html
    assert html.count('<th scope="row">') >= 15
    chart = re.search(r'<svg[^>]*class="county-chart".*?</svg>', html, re.S).group(0)
    svg = ET.fromstring(chart)
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert svg.find(f"{SVG}title").text == "Søknader og foreslått ja per fylke"
    assert svg.find(f"{SVG}desc").get("id") == desc_id
    assert svg.get("aria-describedby") == "fylketabell"
    bars = svg.findall(f".//{SVG}rect[@class='bar-applications']")
    assert len(bars) == 15
    assert len(svg.findall(f".//{SVG}rect[@class='bar-proposed-yes']")) == 15
    assert svg.get("width") == "100%" and svg.get("viewBox").startswith("0 0 ")
    assert "<script" not in chart


def test_bars_are_as_long_as_their_numbers_and_names_are_escaped():
    counties = [
        CountyRow("01", "<script>alert(1)</script>", applications=4, proposed_yes=2),
        CountyRow("02", "Ås & Co", applications=2, proposed_yes=0),
    ]
    markup = str(county_chart(counties, "tabell"))
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    svg = ET.fromstring(markup)  # well-formed, so the escaping is right
    bars = [float(r.get("width")) for r in svg.findall(f".//{SVG}rect[@class='bar-applications']")]
    assert bars[0] == 2 * bars[1]
    yes = [float(r.get("width")) for r in svg.findall(f".//{SVG}rect[@class='bar-proposed-yes']")]
    assert yes[0] == bars[1] and yes[1] == 1  # a zero is a sliver, its number says 0
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Ås & Co" in texts and "4" in texts and "0" in texts


def test_the_chart_of_no_applications_has_no_bar_longer_than_a_sliver():
    svg = ET.fromstring(str(county_chart([CountyRow("03", "Oslo")], "tabell")))
    assert [r.get("width") for r in svg.findall(f".//{SVG}rect[@class='bar-applications']")] == [
        "1"
    ]


def contrast(colour, background="#ffffff"):
    def luminance(hex_colour):
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(colour), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_bars_and_text_contrast_with_the_charts_background():
    svg = ET.fromstring(str(county_chart([CountyRow("03", "Oslo", 1, 1)], "tabell")))
    background = svg.find(f"{SVG}rect").get("fill")
    for rect in svg.iter(f"{SVG}rect"):
        if rect.get("class"):
            assert contrast(rect.get("fill"), background) >= 3
    for text in svg.iter(f"{SVG}text"):
        assert contrast(text.get("fill"), background) >= 4.5
