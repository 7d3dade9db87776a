"""A bar chart of the counties beside the ranking (issue 17, item 5): server-rendered SVG, no
JavaScript. Per county a thick bar for the applications and a thin one for those proposed
yes, each with its number written beside it, so neither colour nor length alone carries
the information; the county table next to it is the chart's text alternative.

Colours on the chart's own white background: bars at least 3:1 (WCAG 1.4.11), text at
least 4.5:1 (1.4.3). The viewBox scales the chart to any width, 390 px phones included."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

WIDTH = 400
ROW_HEIGHT = 48
TOP = 56
LABEL_SIZE = 14
BAR_AREA = WIDTH - 48  # room for the number after the longest bar
APPLICATIONS_BAR = {"height": 14, "colour": "#1f4e79"}  # 8.7:1 on white
PROPOSED_YES_BAR = {"height": 7, "colour": "#9a3412"}  # 7.3:1 on white
TEXT_COLOUR = "#1a1a1a"  # 17:1 on white


def bar(x_offset, y, length, style, number, css_class):
    """One bar (at least a sliver, so a zero is seen as a zero) and its number."""
    return format_html(
        '<rect class="{}" x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
        '<text x="{}" y="{}" font-size="{}" fill="{}">{}</text>',
        css_class,
        x_offset,
        y,
        max(length, 1),
        style["height"],
        style["colour"],
        x_offset + max(length, 1) + 4,
        y + style["height"] - 1,
        12,
        TEXT_COLOUR,
        number,
    )


def county_bars(counties, scale):
    for index, county in enumerate(counties):
        y = TOP + index * ROW_HEIGHT
        yield format_html(
            '<g><text x="0" y="{}" font-size="{}" fill="{}">{}</text>{}{}</g>',
            y + LABEL_SIZE,
            LABEL_SIZE,
            TEXT_COLOUR,
            county.name,  # escaped by format_html
            bar(
                0,
                y + LABEL_SIZE + 5,
                round(county.applications * scale),
                APPLICATIONS_BAR,
                county.applications,
                "bar-applications",
            ),
            bar(
                0,
                y + LABEL_SIZE + 5 + APPLICATIONS_BAR["height"] + 3,
                round(county.proposed_yes * scale),
                PROPOSED_YES_BAR,
                county.proposed_yes,
                "bar-proposed-yes",
            ),
        )


def legend():
    return format_html(
        '<g><rect x="0" y="8" width="24" height="{}" fill="{}"></rect>'
        '<text x="30" y="20" font-size="13" fill="{}">{}</text>'
        '<rect x="0" y="32" width="24" height="{}" fill="{}"></rect>'
        '<text x="30" y="40" font-size="13" fill="{}">{}</text></g>',
        APPLICATIONS_BAR["height"],
        APPLICATIONS_BAR["colour"],
        TEXT_COLOUR,
        _("Tykk stolpe: søknader"),
        PROPOSED_YES_BAR["height"],
        PROPOSED_YES_BAR["colour"],
        TEXT_COLOUR,
        _("Tynn stolpe: foreslått ja"),
    )


def county_chart(counties, table_id, chart_id="fylkesdiagram"):
    """The SVG of the counties (CountyRow from applications/ranking.py); table_id is the
    id of the county table that says the same in text."""
    most = max((county.applications for county in counties), default=0)
    scale = BAR_AREA / most if most else 0
    height = TOP + len(counties) * ROW_HEIGHT
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="county-chart" role="img" '
        'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'aria-labelledby="{id}-title {id}-desc" aria-describedby="{table}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"></rect>'
        "{legend}{bars}</svg>",
        width=WIDTH,
        height=height,
        id=chart_id,
        table=table_id,
        title=_("Søknader og foreslått ja per fylke"),
        desc=_("Stolpediagram over %(count)s fylker. Tallene står også i tabellen over fylkene.")
        % {"count": len(counties)},
        legend=legend(),
        bars=format_html_join("", "{}", ((b,) for b in county_bars(counties, scale))),
    )
