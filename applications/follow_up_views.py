"""Stub: filled in by issue 18."""


def urls():
    return []
