from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("forum", "0003_safety")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Draft",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "forum.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="drafts",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("target", fields.CharField(max_length=32)),
                (
                    "board",
                    fields.ForeignKeyField(
                        "forum.Board",
                        source_field="board_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="drafts",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "post",
                    fields.ForeignKeyField(
                        "forum.Post",
                        source_field="post_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="drafts",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("title", fields.CharField(default="", max_length=150)),
                ("content_warning", fields.CharField(default="", max_length=100)),
                ("body", fields.TextField(unique=False)),
                ("client_key", fields.CharField(default="", max_length=64)),
                ("saved_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "drafts",
                "app": "forum",
                "unique_together": (("user_id", "target"),),
                "pk_attr": "id",
                "table_description": "Words someone is still writing, kept so that a dropped connection loses nothing.",
            },
            bases=["Model"],
        ),
    ]
