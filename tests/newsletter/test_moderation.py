"""An article is announced when a moderator approves it in Wagtail's own workflow views, not
when an editor submits it: the announcement follows the real publish, whoever clicks."""

import datetime

from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

import pytest

from news.models import NewsArticlePage
from newsletter.models import Dispatch

pytestmark = pytest.mark.django_db


def staff_member(django_user_model, group_name):
    user = django_user_model.objects.create_user(
        username=group_name.lower(), password="x", email=f"{group_name.lower()}@example.com"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_an_article_goes_out_when_the_moderator_approves_it(
    client, committed, news_index, subscribed, django_user_model
):
    subscribed("kari@eksempel.no")
    editor = staff_member(django_user_model, "Redaktører")
    moderator = staff_member(django_user_model, "Moderatorer")
    article = NewsArticlePage(
        title="Ny rammeplan", slug="ny-rammeplan", lead="Klar.", date=datetime.date.today()
    )
    news_index.add_child(instance=article)
    article.unpublish()
    with committed():
        article.save_revision(user=editor)
        article.get_workflow().start(article, editor)
    # Wagtail tells the moderators; the subscriber hears nothing yet.
    assert Dispatch.objects.count() == 0
    assert not [m for m in mail.outbox if "kari@eksempel.no" in m.to]
    mail.outbox.clear()

    client.force_login(moderator)
    task_state = article.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(article.pk, "approve", task_state.pk))
    with committed():
        response = client.post(url, {"comment": ""})
    assert response.status_code in (200, 302)
    article.refresh_from_db()
    assert article.live
    assert [m.subject for m in mail.outbox if m.to == ["kari@eksempel.no"]] == [
        "Nyhet: Ny rammeplan"
    ]
    assert Dispatch.objects.count() == 1
    assert NewsArticlePage.objects.live().count() == 1
