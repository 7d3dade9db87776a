"""The ranking of a round, with the counties beside it, the proposals and the exports.
(Issue 17, items 5–6.)"""

from django.http import HttpResponse


def rounds_view(request):
    return HttpResponse(status=501)


def ranking_view(request, page_id):
    return HttpResponse(status=501)


def proposals_view(request, page_id):
    return HttpResponse(status=501)


def round_settings_view(request, page_id):
    return HttpResponse(status=501)


def export_view(request, page_id, kind, file_format):
    return HttpResponse(status=501)
