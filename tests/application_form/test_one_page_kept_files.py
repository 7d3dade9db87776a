"""A whole form posted at once (as the form embedded in a program page posts it) keeps a
file that passed its checks when another answer has an error, and «Fjern» takes it away
again with the typed answers intact (issue 16 item 5; found unguarded by mutation testing,
docs/mutation.md)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from forms.models import ApplicationSubmission, DraftAttachment
from tests.application_form.helpers import errors_of
from tests.forms_helpers import post_application, valid_answers
from tests.text import visible_text

PDF = b"%PDF-1.4\n%test\n"


def test_remove_takes_the_kept_file_away_and_keeps_what_was_typed(client, page, keys):
    upload = SimpleUploadedFile("budsjett.pdf", PDF)
    answers = valid_answers(keys, name=None, attachment=upload)
    response = post_application(client, page, answers)
    assert response.status_code == 200 and "Navn" in errors_of(response)
    held = DraftAttachment.objects.get()
    storage, name = held.file.storage, held.file.name
    html = response.content.decode()
    assert f'name="handling" value="fjern:{keys["attachment"]}"' in html

    # «Fjern», the answers as typed (a browser sends every field with the button).
    typed = valid_answers(keys, name=None, why="Et svar som ikke er sendt ennå.")
    response = post_application(client, page, {**typed, "handling": f"fjern:{keys['attachment']}"})
    assert response.status_code == 200
    assert not DraftAttachment.objects.exists() and not storage.exists(name)
    html = response.content.decode()
    assert "budsjett.pdf" not in visible_text(html) and "fjern:" not in html
    # The form comes back as typed, and without errors: nothing was checked yet.
    assert "Et svar som ikke er sendt ennå." in html
    assert 'value="kari@bergen.kommune.no"' in html
    assert 'id="feiloppsummering"' not in html
    assert 'type="file"' in html

    response = post_application(client, page, valid_answers(keys))
    assert response.status_code == 302, errors_of(response)
    assert not ApplicationSubmission.objects.get().attachments.exists()


def test_remove_of_a_file_that_is_not_kept_changes_nothing(client, page, keys):
    upload = SimpleUploadedFile("budsjett.pdf", PDF)
    post_application(client, page, valid_answers(keys, name=None, attachment=upload))
    typed = valid_answers(keys, name=None)
    response = post_application(client, page, {**typed, "handling": "fjern:noe-annet"})
    assert response.status_code == 200
    assert DraftAttachment.objects.get().original_name == "budsjett.pdf"
    assert "budsjett.pdf" in visible_text(response.content.decode())
