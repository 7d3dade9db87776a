"""The six reply-letter fields of an application form page become rows of ReplyLetterText,
one per decision. Every page (each language) gets its three rows with the texts it had; the
rows of a page and of its translations share a translation key per decision, as
wagtail-localize expects. Revisions get the rows too, so a draft keeps its letters."""

import uuid

import django.db.models.deletion
from django.db import migrations, models

import modelcluster.fields

# (decision, subject field, body field) as they were on the page.
LETTER_FIELDS = [
    ("innvilget", "reply_granted_subject", "reply_granted_body"),
    ("avslatt", "reply_rejected_subject", "reply_rejected_body"),
    ("venteliste", "reply_waitlisted_subject", "reply_waitlisted_body"),
]


# wagtail-localize's namespace for a translation context's path_id (TranslationContext).
CONTEXT_NAMESPACE = uuid.UUID("fcab004a-2b50-11ea-978f-2e728ce88125")


def letter_key(page_translation_key, decision):
    # The same for a page and its translations, so they stay translations of each other.
    return uuid.uuid5(uuid.UUID(str(page_translation_key)), decision)


def fields_to_rows(apps, schema_editor):
    # Values, not page instances: a historical form page cannot be instantiated (its
    # FormMixin wants a template the historical model lacks).
    ApplicationFormPage = apps.get_model("forms", "ApplicationFormPage")
    ReplyLetterText = apps.get_model("forms", "ReplyLetterText")
    text_fields = [field for _decision, *fields in LETTER_FIELDS for field in fields]
    rows_by_page = {}
    for page in ApplicationFormPage.objects.values("pk", "locale_id", "translation_key",
                                                    *text_fields):
        rows_by_page[page["pk"]] = [
            ReplyLetterText.objects.create(
                page_id=page["pk"], locale_id=page["locale_id"], sort_order=order,
                decision=decision, translation_key=letter_key(page["translation_key"], decision),
                subject=page[subject_field], body=page[body_field],
            )
            for order, (decision, subject_field, body_field) in enumerate(LETTER_FIELDS)
        ]
    for revision in form_page_revisions(apps):
        content = revision.content
        rows = rows_by_page.get(int(revision.object_id))
        if rows is None or "reply_granted_subject" not in content:
            continue
        content["reply_letter_texts"] = [
            {
                "pk": row.pk, "page": row.page_id, "locale": row.locale_id,
                "translation_key": str(row.translation_key), "sort_order": row.sort_order,
                "decision": row.decision,
                "subject": content.get(subject_field, row.subject),
                "body": content.get(body_field, row.body),
            }
            for row, (_decision, subject_field, body_field) in zip(rows, LETTER_FIELDS,
                                                                   strict=True)
        ]
        revision.save(update_fields=["content"])
    move_translation_contexts(apps, forward=True)


def rows_to_fields(apps, schema_editor):
    ApplicationFormPage = apps.get_model("forms", "ApplicationFormPage")
    ReplyLetterText = apps.get_model("forms", "ReplyLetterText")
    fields_by_decision = {decision: fields for decision, *fields in LETTER_FIELDS}
    for row in ReplyLetterText.objects.all():
        subject_field, body_field = fields_by_decision[row.decision]
        ApplicationFormPage.objects.filter(pk=row.page_id).update(
            **{subject_field: row.subject, body_field: row.body}
        )
    for revision in form_page_revisions(apps):
        for row in revision.content.pop("reply_letter_texts", None) or []:
            if row.get("decision") in fields_by_decision:
                subject_field, body_field = fields_by_decision[row["decision"]]
                revision.content[subject_field] = row["subject"]
                revision.content[body_field] = row["body"]
        revision.save(update_fields=["content"])
    move_translation_contexts(apps, forward=False)


def move_translation_contexts(apps, forward):
    """Point wagtail-localize's contexts (and so the translations made in them) from a page
    field to the row's field: «reply_granted_body» <-> «reply_letter_texts.<key>.body»."""
    TranslationContext = apps.get_model("wagtail_localize", "TranslationContext")
    for decision, subject_field, body_field in LETTER_FIELDS:
        for page_field, row_field in ((subject_field, "subject"), (body_field, "body")):
            if forward:
                contexts = TranslationContext.objects.filter(path=page_field)
            else:
                contexts = TranslationContext.objects.filter(
                    path__startswith="reply_letter_texts.", path__endswith=f".{row_field}"
                )
            for context in contexts:
                key = letter_key(context.object_id, decision)
                row_path = f"reply_letter_texts.{key}.{row_field}"
                if not forward and context.path != row_path:
                    continue  # another decision's
                context.path = row_path if forward else page_field
                context.path_id = uuid.uuid5(CONTEXT_NAMESPACE, context.path)
                context.field_path = ""  # wagtail-localize works it out again when needed
                context.save(update_fields=["path", "path_id", "field_path"])


def form_page_revisions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(
        app_label="forms", model="applicationformpage"
    ).first()
    if content_type is None:
        return Revision.objects.none()
    return Revision.objects.filter(content_type=content_type)


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("forms", "0007_mail_errors"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name='ReplyLetterText',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('translation_key', models.UUIDField(default=uuid.uuid4, editable=False)),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('decision', models.CharField(choices=[('innvilget', 'Innvilget'), ('avslatt', 'Avslått'), ('venteliste', 'Venteliste')], max_length=20, verbose_name='vedtak')),
                ('subject', models.CharField(default='Svar på søknad {referanse}: {program}', max_length=200, verbose_name='emne')),
                ('body', models.TextField(verbose_name='brevtekst')),
                ('locale', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale')),
                ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='reply_letter_texts', to='forms.applicationformpage')),
            ],
            options={
                'verbose_name': 'svarbrev',
                'verbose_name_plural': 'svarbrev',
                'ordering': ['sort_order'],
                'abstract': False,
                'constraints': [models.UniqueConstraint(fields=('page', 'decision'), name='unique_reply_letter_text_per_decision')],
                'unique_together': {('translation_key', 'locale')},
            },
        ),
        migrations.RunPython(fields_to_rows, rows_to_fields),
        migrations.RemoveField(
            model_name='applicationformpage',
            name='reply_granted_body',
        ),
        migrations.RemoveField(
            model_name='applicationformpage',
            name='reply_granted_subject',
        ),
        migrations.RemoveField(
            model_name='applicationformpage',
            name='reply_rejected_body',
        ),
        migrations.RemoveField(
            model_name='applicationformpage',
            name='reply_rejected_subject',
        ),
        migrations.RemoveField(
            model_name='applicationformpage',
            name='reply_waitlisted_body',
        ),
        migrations.RemoveField(
            model_name='applicationformpage',
            name='reply_waitlisted_subject',
        ),
    ]
