"""Production's task queue: receipts and notifications are queued in the database with the
application and sent by the worker (`manage.py db_worker`), outside the applicant's request."""

import io

from django.core import mail
from django.core.management import call_command
from django.test import override_settings

import pytest
from django_tasks_db.models import DBTaskResult

from forms.models import ApplicationSubmission
from tests.conftest import oslo
from tests.forms_helpers import build_form, post_application, valid_answers
from website.settings.base import tasks_setting


@pytest.fixture
def database_tasks():
    with override_settings(TASKS=tasks_setting("database")):
        yield


# Committed for real, as in production: the worker ends with close_old_connections(),
# which on PostgreSQL would close the connection holding a test's wrapping transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_sends_what_the_application_queued(client, home_page, clock, database_tasks):
    clock(oslo(2026, 4, 1, 12, 0))
    _, page, keys = build_form(home_page)
    response = post_application(client, page, valid_answers(keys))
    assert response.status_code == 302
    submission = ApplicationSubmission.objects.get()

    # The applicant has their confirmation page; the e-mails wait in the queue.
    assert mail.outbox == []
    mail_tasks = DBTaskResult.objects.filter(task_path="website.outgoing_mail.send_in_background")
    assert sorted(task.args_kwargs["args"][0] for task in mail_tasks) == [
        "receipt",
        "staff_notice",
    ]
    assert {task.status for task in mail_tasks} == {"READY"}

    call_command(
        "db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO()
    )

    # Every queued task ran, Wagtail's own (reference index etc.) included.
    assert {task.status for task in DBTaskResult.objects.all()} == {"SUCCESSFUL"}
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert "kari@bergen.kommune.no" in recipients
    assert len(mail.outbox) == 2
    assert submission.reference in mail.outbox[0].body + mail.outbox[1].body
