from tortoise import migrations
from tortoise.migrations import operations as ops
from models.enums import NotificationKind, ReactionKind
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("forum", "0004_drafts")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Follow",
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
                        related_name="follows",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "thread",
                    fields.ForeignKeyField(
                        "forum.Thread",
                        source_field="thread_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="followers",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("muted", fields.BooleanField(default=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "follows",
                "app": "forum",
                "unique_together": (("user_id", "thread_id"),),
                "indexes": [Index(fields=["thread_id", "muted"])],
                "pk_attr": "id",
                "table_description": "A person following a thread (told of its replies) or muting it (told nothing).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Notification",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "recipient",
                    fields.ForeignKeyField(
                        "forum.User",
                        source_field="recipient_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="notifications",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="REPLY: reply\nTHREAD_REPLY: thread_reply\nREACTION: reaction\nREMOVAL: removal",
                        enum_type=NotificationKind,
                        max_length=16,
                    ),
                ),
                (
                    "thread",
                    fields.ForeignKeyField(
                        "forum.Thread",
                        source_field="thread_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="notifications",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "post",
                    fields.ForeignKeyField(
                        "forum.Post",
                        source_field="post_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="notifications",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "actor",
                    fields.ForeignKeyField(
                        "forum.User",
                        source_field="actor_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="notified",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "reaction",
                    fields.CharEnumField(
                        null=True,
                        description="HUG: hug\nME_TOO: me_too\nTHANK_YOU: thank_you\nHEAR_YOU: hear_you",
                        enum_type=ReactionKind,
                        max_length=16,
                    ),
                ),
                ("count", fields.IntField(default=1)),
                ("reason", fields.CharField(null=True, max_length=500)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("read_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "notifications",
                "app": "forum",
                "indexes": [
                    Index(fields=["recipient_id", "created_at", "id"]),
                    Index(fields=["recipient_id", "read_at"]),
                ],
                "pk_attr": "id",
                "table_description": "Something a person is told about: a reply to them, reactions, a removal.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ReadMark",
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
                        related_name="read_marks",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "thread",
                    fields.ForeignKeyField(
                        "forum.Thread",
                        source_field="thread_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="read_marks",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("read_to", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "read_marks",
                "app": "forum",
                "unique_together": (("user_id", "thread_id"),),
                "pk_attr": "id",
                "table_description": "How far a person has read a thread: posts after ``read_to`` are new to them.",
            },
            bases=["Model"],
        ),
    ]
