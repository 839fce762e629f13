from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.fields.base import OnDelete


class Migration(migrations.Migration):
    dependencies = [("forum", "0006_search")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Report",
            name="opened_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name="Report",
            name="opened_by",
            field=fields.ForeignKeyField(
                "forum.User",
                source_field="opened_by_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="reports_opened",
                on_delete=OnDelete.SET_NULL,
            ),
        ),
    ]
