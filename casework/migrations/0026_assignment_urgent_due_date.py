"""An assignment carries its step's urgency and due date (they never change once the step is
open), so that someone's urgent and overdue steps are counted from their open assignments'
index alone."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0025_case_newest_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="assignment",
            name="casework_assignment_open",
        ),
        migrations.AddField(
            model_name="assignment",
            name="due_date",
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name="assignment",
            name="urgent",
            field=models.BooleanField(default=False),
        ),
        migrations.RunSQL(
            "UPDATE casework_step_assignees SET urgent = (SELECT casework_step.urgent FROM casework_step "
            "WHERE casework_step.id = casework_step_assignees.step_id), due_date = (SELECT casework_step.due_date "
            "FROM casework_step WHERE casework_step.id = casework_step_assignees.step_id)",
            migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(
                condition=models.Q(("is_open", True)),
                fields=["user", "urgent", "due_date"],
                name="casework_assignment_open",
            ),
        ),
    ]
