#!/usr/bin/env bash
# The whole suite, once per backend: SQLite, then PostgreSQL (one process cannot run both,
# see DESIGN.md). PostgreSQL comes from FORUM_TEST_DATABASE_URL; when it is unreachable the
# PostgreSQL run fails, it never skips. Extra arguments go to pytest.
set -uo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-.venv/bin/python}
pg=${FORUM_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/forum_test}

echo "== SQLite =="
env -u FORUM_TEST_DATABASE_URL "$py" -m pytest "$@"
sqlite=$?
echo "== PostgreSQL ($pg) =="
FORUM_TEST_DATABASE_URL="$pg" "$py" -m pytest "$@"
postgres=$?
echo "SQLite exit $sqlite, PostgreSQL exit $postgres"
[ "$sqlite" = 0 ] && [ "$postgres" = 0 ]
