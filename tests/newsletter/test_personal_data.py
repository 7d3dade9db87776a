"""Subscribers as personal data: removed when no longer wanted (the daily apply_retention),
and in the subject access export."""

import datetime
import io
import json

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from newsletter.models import Delivery, Dispatch, Subscription


def subscription(email, days_ago, confirmed=False):
    requested = timezone.now() - datetime.timedelta(days=days_ago)
    return Subscription.objects.create(
        email=email,
        language="nb",
        news=True,
        consent_version="2026-12-02",
        consent_text="Jeg samtykker.",
        requested_at=requested,
        confirmed_at=requested if confirmed else None,
    )


def test_retention_removes_unconfirmed_after_seven_days_and_old_deliveries(db):
    stale = subscription("gammel@eksempel.no", days_ago=8)
    waiting = subscription("venter@eksempel.no", days_ago=6)
    reader = subscription("leser@eksempel.no", days_ago=400, confirmed=True)
    old = Dispatch.objects.create(
        topic="news",
        key="news:1",
        language="nb",
        title="Gammel",
        url="http://x/",
        created_at=timezone.now() - datetime.timedelta(days=31),
    )
    new = Dispatch.objects.create(
        topic="news", key="news:2", language="nb", title="Ny", url="http://x/"
    )
    Delivery.objects.create(dispatch=old, subscription=reader, sent_at=old.created_at)
    kept = Delivery.objects.create(dispatch=new, subscription=reader, sent_at=timezone.now())

    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert (
        "1 ubekreftede påmeldinger til nyhetsvarsel slettet, 1 utsendingsposter" in out.getvalue()
    )
    assert Subscription.objects.count() == 3 and Delivery.objects.count() == 2

    call_command("apply_retention", stdout=io.StringIO())
    assert set(Subscription.objects.values_list("pk", flat=True)) == {waiting.pk, reader.pk}
    assert not Subscription.objects.filter(pk=stale.pk).exists()
    assert list(Delivery.objects.all()) == [kept]
    # What was announced names no one, and stays.
    assert Dispatch.objects.count() == 2


def test_subject_access_export_includes_the_subscriptions(client, django_user_model):
    reader = subscription("kari@eksempel.no", days_ago=10, confirmed=True)
    subscription("annen@eksempel.no", days_ago=1)
    dispatch = Dispatch.objects.create(
        topic="news", key="news:1", language="nb", title="Ny rammeplan", url="http://x/"
    )
    Delivery.objects.create(dispatch=dispatch, subscription=reader, sent_at=timezone.now())
    reviewer = django_user_model.objects.create_user(username="behandler", password="x")
    reviewer.groups.add(Group.objects.get(name="Søknadsbehandlere"))
    client.force_login(reviewer)
    response = client.post("/admin/soknader/innsyn/", {"email": "Kari@Eksempel.no"})
    export = json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    (record,) = export["nyhetsvarsler"]
    assert record["nye_nyheter"] is True and record["nye_utlysninger"] is False
    assert record["samtykkeversjon"] == "2026-12-02"
    assert record["samtykketekst"] == "Jeg samtykker."
    assert record["språk"] == "nb" and record["bekreftet"]
    assert [sent["tittel"] for sent in record["sendte_varsler"]] == ["Ny rammeplan"]
    assert "annen@eksempel.no" not in response.content.decode()
