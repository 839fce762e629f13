"""Full-text search: an index of every post's words, kept in step by the database.

PostgreSQL: ``posts.search`` (a tsvector in the language ``search_config`` names: the
opening post's thread title weighted A, the body D), set by a trigger on every insert and on every change of a body or of
``removed_at`` (a removed post's is NULL), re-set for the opening post when its thread is
retitled, with a GIN index. SQLite: the FTS5 table ``post_search`` (rowid = post id;
title, body), kept by triggers alike. Both fill the index for the posts already written,
with progress on standard error when there are many.
"""

import sys

from tortoise import migrations
from tortoise.migrations import operations as ops

from models import search_index

POSTGRES = """
CREATE TABLE search_config (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    language regconfig NOT NULL
);
INSERT INTO search_config (language) VALUES ('english');
CREATE FUNCTION forum_post_search(title text, body text) RETURNS tsvector
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector(c.language, coalesce(title, '')), 'A')
        || to_tsvector(c.language, body) FROM search_config c $$;
ALTER TABLE posts ADD COLUMN search tsvector;
CREATE FUNCTION forum_posts_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.removed_at IS NOT NULL THEN
        NEW.search := NULL;
    ELSE
        NEW.search := forum_post_search(CASE WHEN NEW.depth = 0 THEN
            (SELECT title FROM threads WHERE id = NEW.thread_id) END, NEW.body);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER posts_search BEFORE INSERT OR UPDATE OF body, removed_at ON posts
    FOR EACH ROW EXECUTE FUNCTION forum_posts_search();
CREATE FUNCTION forum_threads_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE posts SET search = forum_post_search(NEW.title, body)
        WHERE thread_id = NEW.id AND depth = 0 AND removed_at IS NULL;
    RETURN NULL;
END $$;
CREATE TRIGGER threads_search AFTER UPDATE OF title ON threads
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title)
    EXECUTE FUNCTION forum_threads_search();
"""
POSTGRES_INDEX = "CREATE INDEX posts_search_gin ON posts USING gin (search)"
POSTGRES_DROP = """
DROP TRIGGER threads_search ON threads;
DROP TRIGGER posts_search ON posts;
DROP FUNCTION forum_threads_search();
DROP FUNCTION forum_posts_search();
ALTER TABLE posts DROP COLUMN search;
DROP FUNCTION forum_post_search(text, text);
DROP TABLE search_config;
"""

SQLITE = """
CREATE VIRTUAL TABLE post_search USING fts5(
    title, body, tokenize = 'porter unicode61 remove_diacritics 2');
CREATE TRIGGER posts_search_insert AFTER INSERT ON posts WHEN NEW.removed_at IS NULL BEGIN
    INSERT INTO post_search (rowid, title, body) VALUES (NEW.id, CASE WHEN NEW.depth = 0
        THEN (SELECT title FROM threads WHERE id = NEW.thread_id) ELSE '' END, NEW.body);
END;
CREATE TRIGGER posts_search_update AFTER UPDATE OF body, removed_at ON posts BEGIN
    DELETE FROM post_search WHERE rowid = OLD.id;
    INSERT INTO post_search (rowid, title, body) SELECT NEW.id, CASE WHEN NEW.depth = 0
        THEN (SELECT title FROM threads WHERE id = NEW.thread_id) ELSE '' END, NEW.body
        WHERE NEW.removed_at IS NULL;
END;
CREATE TRIGGER posts_search_delete AFTER DELETE ON posts BEGIN
    DELETE FROM post_search WHERE rowid = OLD.id;
END;
CREATE TRIGGER threads_search AFTER UPDATE OF title ON threads
    WHEN OLD.title IS NOT NEW.title BEGIN
    UPDATE post_search SET title = NEW.title WHERE rowid IN
        (SELECT id FROM posts WHERE thread_id = NEW.id AND depth = 0 AND removed_at IS NULL);
END;
"""
SQLITE_DROP = """
DROP TRIGGER threads_search;
DROP TRIGGER posts_search_delete;
DROP TRIGGER posts_search_update;
DROP TRIGGER posts_search_insert;
DROP TABLE post_search;
"""


def _progress(done: int, total: int) -> None:
    print(f"Indexing posts for search: {done:,} of {total:,}", file=sys.stderr, flush=True)


async def create_index(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        await client.execute_script(POSTGRES)
        await search_index.fill(client, _progress)
        await client.execute_script(POSTGRES_INDEX)  # built once, after the fill
    else:
        await client.execute_script(SQLITE)
        await search_index.fill(client, _progress)


async def drop_index(apps, schema_editor) -> None:
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    await client.execute_script(POSTGRES_DROP if postgres else SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [("forum", "0005_live")]

    initial = False

    operations = [ops.RunPython(create_index, drop_index)]
