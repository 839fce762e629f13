from tortoise import migrations
from tortoise.migrations import operations as ops
from models.entities import ResourceKind, Role
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="Board",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("slug", fields.CharField(unique=True, max_length=40)),
                ("name", fields.CharField(max_length=80)),
                ("description", fields.CharField(max_length=200)),
                ("position", fields.IntField(default=0)),
                ("locked", fields.BooleanField(default=False)),
                ("thread_count", fields.IntField(default=0)),
                ("unanswered_count", fields.IntField(default=0)),
                (
                    "last_activity_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={"table": "boards", "app": "forum", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="User",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("username", fields.CharField(max_length=32)),
                ("username_key", fields.CharField(unique=True, max_length=32)),
                ("display_name", fields.CharField(max_length=64)),
                ("password_hash", fields.CharField(default="", max_length=255)),
                (
                    "role",
                    fields.CharEnumField(
                        default=Role.MEMBER,
                        description="MEMBER: member\nMODERATOR: moderator\nADMIN: admin",
                        enum_type=Role,
                        max_length=16,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "last_seen_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "suspended_until",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("suspended_reason", fields.CharField(null=True, max_length=500)),
            ],
            options={"table": "users", "app": "forum", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ModAction",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "actor",
                    fields.ForeignKeyField(
                        "forum.User",
                        source_field="actor_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="mod_actions",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("action", fields.CharField(max_length=40)),
                ("target_kind", fields.CharField(max_length=20)),
                ("target_id", fields.IntField()),
                ("reason", fields.CharField(default="", max_length=500)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "mod_actions",
                "app": "forum",
                "indexes": [Index(fields=["created_at", "id"])],
                "pk_attr": "id",
                "table_description": "Append-only: rows are written by the domain and never updated or deleted.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Resource",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("title", fields.CharField(max_length=120)),
                ("description", fields.CharField(max_length=500)),
                ("contact", fields.CharField(max_length=300)),
                (
                    "kind",
                    fields.CharEnumField(
                        description="CRISIS_LINE: crisis_line\nCOUNSELLING: counselling\nSUPPORT_GROUP: support_group\nINFORMATION: information",
                        enum_type=ResourceKind,
                        max_length=20,
                    ),
                ),
                (
                    "board",
                    fields.ForeignKeyField(
                        "forum.Board",
                        source_field="board_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="resources",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("position", fields.IntField(default=0)),
                (
                    "pinned_by",
                    fields.ForeignKeyField(
                        "forum.User",
                        source_field="pinned_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="pinned_resources",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("pinned_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("verified_at", fields.DateField(null=True)),
                (
                    "verified_by",
                    fields.ForeignKeyField(
                        "forum.User",
                        source_field="verified_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="verified_resources",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
            ],
            options={"table": "resources", "app": "forum", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Thread",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "board",
                    fields.ForeignKeyField(
                        "forum.Board",
                        source_field="board_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="threads",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "author",
                    fields.ForeignKeyField(
                        "forum.User",
                        source_field="author_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="threads",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("title", fields.CharField(max_length=150)),
                ("content_warning", fields.CharField(null=True, max_length=100)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("last_activity_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("reply_count", fields.IntField(default=0)),
                ("post_seq", fields.IntField(default=0)),
                ("pinned", fields.BooleanField(default=False)),
                ("locked", fields.BooleanField(default=False)),
            ],
            options={
                "table": "threads",
                "app": "forum",
                "indexes": [
                    Index(fields=["board_id", "pinned", "last_activity_at", "id"]),
                    Index(fields=["board_id", "created_at", "id"]),
                    Index(fields=["reply_count", "created_at", "id"]),
                ],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Post",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "thread",
                    fields.ForeignKeyField(
                        "forum.Thread",
                        source_field="thread_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="posts",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "author",
                    fields.ForeignKeyField(
                        "forum.User",
                        source_field="author_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="posts",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "parent",
                    fields.ForeignKeyField(
                        "forum.Post",
                        source_field="parent_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="replies",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("path", fields.CharField(max_length=510)),
                ("depth", fields.IntField(default=0)),
                ("body", fields.TextField(unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("edited_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("removed_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "removed_by",
                    fields.ForeignKeyField(
                        "forum.User",
                        source_field="removed_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="removed_posts",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("removal_reason", fields.CharField(null=True, max_length=500)),
                ("client_key", fields.CharField(unique=True, max_length=64)),
            ],
            options={
                "table": "posts",
                "app": "forum",
                "unique_together": (("thread_id", "path"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
    ]
