from tortoise import migrations
from tortoise.migrations import operations as ops
from models.entities import ReactionKind, ReportReason, ReportStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("forum", "0002_ssh_keys")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Block",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "blocker",
                    fields.ForeignKeyField(
                        "forum.User",
                        source_field="blocker_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="blocks_made",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "blocked",
                    fields.ForeignKeyField(
                        "forum.User",
                        source_field="blocked_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="blocked_by",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "blocks",
                "app": "forum",
                "unique_together": (("blocker_id", "blocked_id"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="CrisisPhrase",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("phrase", fields.CharField(unique=True, max_length=80)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "crisis_phrases",
                "app": "forum",
                "pk_attr": "id",
                "table_description": "Words that make the compose screen gently show crisis resources (admins edit these).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="HiddenTopic",
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
                        related_name="hidden_topics",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("topic", fields.CharField(max_length=60)),
            ],
            options={
                "table": "hidden_topics",
                "app": "forum",
                "unique_together": (("user_id", "topic"),),
                "pk_attr": "id",
                "table_description": "A topic a reader always wants behind a warning.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Note",
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
                        related_name="notes",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "sender",
                    fields.ForeignKeyField(
                        "forum.User",
                        source_field="sender_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="notes_sent",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("body", fields.TextField(unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("read_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "notes",
                "app": "forum",
                "pk_attr": "id",
                "table_description": "A private note from a moderator to a member.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Reaction",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "post",
                    fields.ForeignKeyField(
                        "forum.Post",
                        source_field="post_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="reactions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "forum.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="reactions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="HUG: hug\nME_TOO: me_too\nTHANK_YOU: thank_you\nHEAR_YOU: hear_you",
                        enum_type=ReactionKind,
                        max_length=16,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "reactions",
                "app": "forum",
                "unique_together": (("post_id", "user_id", "kind"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Report",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "post",
                    fields.ForeignKeyField(
                        "forum.Post",
                        source_field="post_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="reports",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "reporter",
                    fields.ForeignKeyField(
                        "forum.User",
                        source_field="reporter_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="reports_made",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "reason",
                    fields.CharEnumField(
                        description="UNKIND: unkind\nSPAM: spam\nDANGER: danger\nOTHER: other",
                        enum_type=ReportReason,
                        max_length=16,
                    ),
                ),
                ("note", fields.CharField(default="", max_length=500)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "status",
                    fields.CharEnumField(
                        default=ReportStatus.OPEN,
                        description="OPEN: open\nDISMISSED: dismissed\nACTIONED: actioned",
                        enum_type=ReportStatus,
                        max_length=16,
                    ),
                ),
                (
                    "resolved_by",
                    fields.ForeignKeyField(
                        "forum.User",
                        source_field="resolved_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="reports_resolved",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "resolved_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "reports",
                "app": "forum",
                "unique_together": (("post_id", "reporter_id"),),
                "indexes": [Index(fields=["status", "created_at", "id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Post",
            name="content_warning",
            field=fields.CharField(null=True, max_length=100),
        ),
        ops.AddField(
            model_name="Thread",
            name="slow_mode_minutes",
            field=fields.IntField(null=True),
        ),
    ]
