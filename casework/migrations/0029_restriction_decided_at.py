"""Keep the time a restriction was determined (its decision's) on the restriction itself, and
index it newest first, for the register and the report to the Board."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_decided_at(apps, schema_editor):
    Restriction = apps.get_model("casework", "Restriction")
    Decision = apps.get_model("casework", "Decision")
    decided = Decision.objects.filter(pk=OuterRef("decision_id")).values("decided_at")[:1]
    Restriction.objects.update(decided_at=Subquery(decided))


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0028_decision_approves_warning"),
    ]

    operations = [
        migrations.AddField(
            model_name="restriction",
            name="decided_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.RunPython(copy_decided_at, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="restriction",
            name="decided_at",
            field=models.DateTimeField(editable=False),
        ),
        migrations.AddIndex(
            model_name="restriction",
            index=models.Index(fields=["-decided_at", "-id"], name="casework_restriction_decided"),
        ),
    ]
