"""A step's assignees become Assignment rows (the same table) that know whether the step is
open, and a step knows whether its case is urgent: a person's queue and its count then read one
index range whatever the number of cases."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0013_letters"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The table is the one Django made for the many-to-many field: only the models change.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Assignment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "step",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="assignments",
                                to="casework.step",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="case_assignments",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"db_table": "casework_step_assignees", "unique_together": {("step", "user")}},
                ),
                migrations.AlterField(
                    model_name="step",
                    name="assignees",
                    field=models.ManyToManyField(
                        related_name="case_steps", through="casework.Assignment", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(model_name="assignment", name="is_open", field=models.BooleanField(default=True)),
        migrations.RunSQL(
            "UPDATE casework_step_assignees SET is_open = (SELECT casework_step.status = 'open' FROM casework_step "
            "WHERE casework_step.id = casework_step_assignees.step_id)",
            migrations.RunSQL.noop,
        ),
        migrations.AddField(model_name="step", name="urgent", field=models.BooleanField(default=False)),
        migrations.RunSQL(
            "UPDATE casework_step SET urgent = (SELECT casework_case.immediate_risk FROM casework_case "
            "WHERE casework_case.id = casework_step.case_id)",
            migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(condition=models.Q(("is_open", True)), fields=["user"], name="casework_assignment_open"),
        ),
        migrations.AddIndex(
            model_name="step",
            index=models.Index(
                condition=models.Q(("status", "open")),
                fields=["-urgent", "started_at", "id"],
                name="casework_step_queue",
            ),
        ),
    ]
