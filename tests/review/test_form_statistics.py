"""Form statistics for reviewers: drafts started, applications sent, completion rate and
where unsent drafts stopped; counts only (issue 16, item 10)."""

from applications.form_statistics import form_statistics
from forms.models import ApplicationDraft
from tests.application_form.conftest import application_form  # noqa: F401 (a fixture)
from tests.application_form.test_steps import by_key, contact_step, first_step, step_post
from tests.text import visible_text


def test_counts_per_form_and_where_drafts_stop(client, application_form, users):  # noqa: F811
    _, page, keys = application_form
    step_post(client, page, 1, by_key(keys, first_step(keys)))  # stops on step 2
    step_post(client, page, 2, contact_step(keys))
    step_post(client, page, 2, {}, "send")  # sent
    for _ in range(2):  # two more browsers stop on step 2
        client.cookies.clear()
        step_post(client, page, 1, by_key(keys, first_step(keys)))
    assert ApplicationDraft.objects.count() == 3
    statistics = form_statistics(page)
    assert statistics["drafts_started"] == 3
    assert statistics["applications_sent"] == 1
    assert statistics["completion_rate"] == 33
    assert statistics["stopped_at"] == [("Kommunen", 0), ("Kontaktperson", 2), ("Oppsummering", 0)]

    client.force_login(users["reviewer"])
    text = visible_text(client.get("/admin/soknader/statistikk/").content.decode())
    assert "3 utkast påbegynt" in text and "33 %" in text
    assert "Kari" not in text and "974" not in text


def test_editors_may_not_see_the_statistics(client, users):
    client.force_login(users["editor"])
    response = client.get("/admin/soknader/statistikk/")
    assert response.status_code in (302, 403)
    assert "utkast påbegynt" not in response.content.decode()
