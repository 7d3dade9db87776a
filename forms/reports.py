"""Stub: filled in by issue 18."""


def queue_due_report_reminders(now):
    return 0
