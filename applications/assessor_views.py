"""The assessor's pages: «Mine vurderinger», the declaration of impartiality, scoring, the
round owner's reopening and the printable assessment sheet. (Issue 17, items 2–4, 6.)"""

from django.http import HttpResponse


def assessment_list_view(request):
    return HttpResponse(status=501)


def assessment_view(request, submission_id):
    return HttpResponse(status=501)


def declare_view(request, submission_id):
    return HttpResponse(status=501)


def reopen_view(request, assessment_id):
    return HttpResponse(status=501)


def assessment_sheet_view(request, submission_id):
    return HttpResponse(status=501)
