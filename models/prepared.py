"""Hot read queries, shaped once by Tortoise's query builder and re-run with new values.

Building SQL through the query builder costs more than running a small indexed query, so
the reads every screen makes (board list, a page of threads, a thread's tree) build their
SQL once per database dialect and keep it. Rows come back as plain tuples in the columns'
Python types: PostgreSQL's driver already gives datetimes and booleans; SQLite gives text
and integers, converted here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from tortoise import connections
from tortoise.fields import BooleanField, DateField, DatetimeField
from tortoise.models import Model
from tortoise.queryset import QuerySet

_SQLITE_CONVERTERS: dict[type, Callable[[Any], Any]] = {
    DatetimeField: lambda v: datetime.fromisoformat(v) if isinstance(v, str) else v,
    DateField: lambda v: date.fromisoformat(v) if isinstance(v, str) else v,
    BooleanField: lambda v: bool(v) if v is not None else v,
}


ID_SAMPLE = -987_654_321
"""A stand-in for an id when shaping a query (see :class:`Prepared`)."""
TIME_SAMPLE = datetime(1901, 2, 3, 4, 5, 6, 789, tzinfo=UTC)
"""A stand-in for a time when shaping a query."""


class Prepared:
    """``build(*samples)`` returns the query (a select, update or delete); ``rows(*values)``
    or ``execute(*values)`` runs it with ``values`` in place of the samples. Samples must be
    values that appear nowhere else in the query."""

    def __init__(
        self,
        model: type[Model],
        columns: Sequence[str],
        build: Callable[..., QuerySet],
        *samples: Any,
    ) -> None:
        self._build = build
        self._samples = samples
        self._compiled: dict[str, tuple[str, list[tuple[bool, Any]]]] = {}
        fields = model._meta.fields_map
        self._sqlite = [
            (i, _SQLITE_CONVERTERS[type(fields[name])])
            for i, name in enumerate(columns)
            if name in fields and type(fields[name]) in _SQLITE_CONVERTERS
        ]

    def _compile(self) -> tuple[str, list[tuple[bool, Any]]]:
        query = self._build(*self._samples)
        sql = query.sql()
        _, params = query.query.get_parameterized_sql()
        # Each parameter is either one of the caller's values (by position) or a constant.
        plan = [
            (True, self._samples.index(p)) if p in self._samples else (False, p) for p in params
        ]
        return sql, plan

    async def _run(self, values: tuple) -> tuple[str, int, list]:
        conn = connections.get("default")
        dialect = conn.capabilities.dialect
        if dialect not in self._compiled:
            self._compiled[dialect] = self._compile()
        sql, plan = self._compiled[dialect]
        args = [values[v] if is_value else v for is_value, v in plan]
        count, rows = await conn.execute_query(sql, args)
        return dialect, count, rows

    async def execute(self, *values: Any) -> int:
        """Run an UPDATE or DELETE; returns how many rows it changed."""
        return (await self._run(values))[1]

    async def rows(self, *values: Any) -> list[tuple]:
        dialect, _, rows = await self._run(values)
        return self._converted(dialect, rows)

    async def rows_of(self, query: QuerySet) -> list[tuple]:
        """Run ``query`` (built like this one's, with other values) once, unprepared: for
        a query whose shape changes with its values, such as ``IN`` with a varying list."""
        conn = connections.get("default")
        sql = query.sql()  # builds query.query, whose parameters come next
        _, params = query.query.get_parameterized_sql()
        _, rows = await conn.execute_query(sql, params)
        return self._converted(conn.capabilities.dialect, rows)

    def _converted(self, dialect: str, rows: Any) -> list[tuple]:
        if dialect != "sqlite" or not self._sqlite:
            return rows  # type: ignore[no-any-return]
        converted = []
        for row in rows:
            out = list(row)
            for i, convert in self._sqlite:
                out[i] = convert(out[i])
            converted.append(out)
        return converted
