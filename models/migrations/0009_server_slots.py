from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("forum", "0008_sign_in_failures")]

    initial = False

    operations = [
        ops.CreateModel(
            name="ServerSlot",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("process", fields.CharField(max_length=160)),
                ("kind", fields.CharField(max_length=16)),
                ("address", fields.CharField(max_length=64)),
                ("count", fields.IntField()),
                (
                    "beat_at",
                    fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "server_slots",
                "app": "forum",
                "unique_together": (("process", "kind", "address"),),
                "indexes": [Index(fields=["kind", "address"])],
                "pk_attr": "id",
                "table_description": "What one server process holds against a limit shared by every process and host:",
            },
            bases=["Model"],
        ),
    ]
