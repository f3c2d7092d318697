"""Mark each director's approval of a warning letter (LHP 26), the register's warnings, on the
decision itself, and index the marked ones by date."""

from django.db import migrations, models

APPROVED = ["approved", "approved_amended"]


def mark_warnings(apps, schema_editor):
    """The decisions the register counted as warnings until now: a director's approval, as
    recommended or amended, of a case closed approved on a warning letter."""
    Decision = apps.get_model("casework", "Decision")
    Decision.objects.filter(
        step__kind="director",
        choice__in=["approve", "approve_amended"],
        case__outcome__in=APPROVED,
        case__final_recommendation__kind="warning_letter",
    ).update(approves_warning=True)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0027_register_sort_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="approves_warning",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(
                condition=models.Q(("approves_warning", True)),
                fields=["-decided_at", "-id"],
                name="casework_decision_warnings",
            ),
        ),
        migrations.RunPython(mark_warnings, migrations.RunPython.noop),
    ]
