"""An empty database migrated to head matches the models exactly."""

from __future__ import annotations

from tortoise import Tortoise, connections
from tortoise.migrations.autodetector import MigrationAutodetector

from forum.database import APP, MIGRATIONS, MODELS

MODEL_NAMES = [
    "User", "Board", "Thread", "Post", "Resource", "ModAction", "Draft", "Notification", "Follow",
    "ReadMark",
]  # fmt: skip


async def test_migrations_describe_the_models_fully():
    apps = Tortoise.apps
    config = {APP: {"models": MODELS, "migrations": MIGRATIONS, "default_connection": "default"}}
    writers = await MigrationAutodetector(apps, config).changes()
    assert writers == [], "models changed without a migration: run `tortoise makemigrations`"


async def _columns(table: str) -> set[str]:
    conn = connections.get("default")
    if conn.capabilities.dialect == "sqlite":
        rows = await conn.execute_query_dict(f"PRAGMA table_info({table})")
        return {r["name"] for r in rows}
    rows = await conn.execute_query_dict(
        "SELECT column_name FROM information_schema.columns WHERE table_name = $1", [table]
    )
    return {r["column_name"] for r in rows}


INDEX_COLUMNS = {"posts": {"search"}}
"""Columns only the database writes and reads (PostgreSQL's full-text tsvector, kept by a
trigger; SQLite keeps its index in a table of its own)."""


async def test_the_migrated_database_has_every_model_column():
    postgres = connections.get("default").capabilities.dialect == "postgres"
    for name in MODEL_NAMES:
        model = Tortoise.apps[APP][name]
        expected = set(model._meta.fields_db_projection.values())
        if postgres:
            expected |= INDEX_COLUMNS.get(model._meta.db_table, set())
        assert await _columns(model._meta.db_table) == expected, name


async def test_post_paths_are_unique_per_thread_in_the_database():
    import pytest
    from tortoise.exceptions import IntegrityError

    from models.entities import Post
    from tests.helpers import key, make_thread, make_user

    ann = await make_user("ann")
    thread_id, _ = await make_thread(ann)
    with pytest.raises(IntegrityError):
        await Post.create(
            thread_id=thread_id,
            author_id=ann.id,
            path="00000",
            body="x",
            created_at=(await Post.first()).created_at,
            client_key=key(),
        )
