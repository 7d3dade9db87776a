"""The files staff open in a spreadsheet program (the export of applications, «Hvem har
søkt?», the statistics): one CSV dialect and one guard against cells run as formulas."""

import csv
import re

from django.http import StreamingHttpResponse

from wagtail.admin.views.mixins import Echo

# A cell starting like a formula is run by spreadsheet programs (OWASP: CSV injection), so
# an answer such as «=HYPERLINK(...)» gets a leading apostrophe and is shown as text. Tab
# and carriage return are on OWASP's list as well.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What XML 1.0, and so XLSX, cannot hold: one such character and openpyxl refuses the file.
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Excel in Norwegian opens UTF-8 with a byte order mark, and «;» between columns, with æøå
# intact.
CSV_DELIMITER = ";"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
BYTE_ORDER_MARK = "\ufeff"


def spreadsheet_safe(value):
    """A cell value that a spreadsheet shows as written and never runs as a formula."""
    if not isinstance(value, str):
        return value  # numbers and dates are written as such
    value = NOT_IN_XML.sub("", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class SpreadsheetCSV:
    """Rows written as CSV in the dialect above, every cell made spreadsheet_safe. To a text
    stream (a command's standard output), or, without one, each row returned as bytes."""

    def __init__(self, stream=None):
        self.writer = csv.writer(stream or Echo(), delimiter=CSV_DELIMITER)

    def row(self, values):
        return self.writer.writerow([spreadsheet_safe(value) for value in values])


def csv_lines(heading, rows):
    """A CSV file line by line, as bytes to stream: the byte order mark, the heading, then
    the rows (taken one at a time, so a long export never sits in memory)."""
    spreadsheet = SpreadsheetCSV()
    yield BYTE_ORDER_MARK.encode() + spreadsheet.row(heading)
    for row in rows:
        yield spreadsheet.row(row)


def csv_response(lines, filename):
    """A download of csv_lines() as the file «filename»."""
    response = StreamingHttpResponse(lines, content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
