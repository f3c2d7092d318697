"""A version approved with a go-live date still to come says so until it goes live.

Every block of every policy and guidance page, and of each of their revisions, gets an id.

Pages imported or loaded as demo content were stored with ids on their sections only, and
Wagtail's comparison of revisions cannot pair the blocks inside them. A missing id is made
from the page, the field and the block's place and kind, so the same block in two
revisions of a page gets the same id and the revisions written before this compare place
by place; a block of another kind in the same place gets another id.
"""

import json
import uuid

from django.db import migrations, models

from policy_pages.blocks import with_block_ids

NAMESPACE = uuid.UUID("6f0c3f0e-52a4-4b8e-9d0e-0a6a3c1f6b21")
FIELDS = {"PolicyPage": ("body", "equality_impact_assessment"), "GuidancePage": ("body",)}
BATCH = 200


def _ids_for(page_pk, field):
    return lambda path: str(uuid.uuid5(NAMESPACE, f"{page_pk}:{field}:{path}"))


def give_blocks_ids(apps, schema_editor):
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model_name, fields in FIELDS.items():
        model = apps.get_model("policy_pages", model_name)
        stream_blocks = {name: model._meta.get_field(name).stream_block for name in fields}
        for page in model.objects.only("pk", *fields).iterator(chunk_size=BATCH):
            changes = {
                name: with_block_ids(stream_blocks[name], list(getattr(page, name).raw_data), _ids_for(page.pk, name))
                for name in fields
            }
            model.objects.filter(pk=page.pk).update(**changes)
        content_type = ContentType.objects.filter(app_label="policy_pages", model=model_name.lower()).first()
        if content_type is None:
            continue
        revisions = Revision.objects.filter(content_type=content_type).only("pk", "object_id", "content")
        batch = []
        for revision in revisions.iterator(chunk_size=BATCH):
            for name in fields:
                stored = revision.content.get(name)
                if not stored:
                    continue
                as_text = isinstance(stored, str)
                value = json.loads(stored) if as_text else stored
                value = with_block_ids(stream_blocks[name], value, _ids_for(revision.object_id, name))
                revision.content[name] = json.dumps(value) if as_text else value
            batch.append(revision)
            if len(batch) >= BATCH:
                Revision.objects.bulk_update(batch, ["content"])
                batch = []
        Revision.objects.bulk_update(batch, ["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("policy_pages", "0002_block_labels"),
    ]

    operations = [
        migrations.RunPython(give_blocks_ids, migrations.RunPython.noop),
        migrations.AddField(
            model_name="policyversion",
            name="goes_live_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Approved with a go-live date still to come: the version is not yet the one readers see.",
                null=True,
            ),
        ),
    ]
