"""Count the SQL statements a piece of work sends, from Tortoise's own query log."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

_QUERY_LOG = "tortoise.db_client"


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(("Created connection pool", "Closed connection pool")):
            self.statements.append(message)


@contextlib.contextmanager
def counted_statements() -> Iterator[list[str]]:
    """Within the block, the list fills with every statement sent (its SQL and values)."""
    logger = logging.getLogger(_QUERY_LOG)
    collector = _Collector()
    level = logger.level
    logger.addHandler(collector)
    logger.setLevel(logging.DEBUG)
    try:
        yield collector.statements
    finally:
        logger.removeHandler(collector)
        logger.setLevel(level)
