"""Opaque keyset cursors: the sort key of the last row a page showed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models.errors import ValidationError

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def encode(*parts: object) -> str:
    return "|".join(_part(p) for p in parts)


def decode(cursor: str, count: int) -> list[str]:
    parts = cursor.split("|")
    if len(parts) != count:
        raise ValidationError("cursor", "is not one this list gave out")
    return parts


def timestamp(value: str) -> datetime:
    try:
        return _EPOCH + int(value) * _MICROSECOND
    except (ValueError, OverflowError):
        raise ValidationError("cursor", "is not one this list gave out") from None


def integer(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValidationError("cursor", "is not one this list gave out") from None


def _part(value: object) -> str:
    if isinstance(value, datetime):
        return str((value - _EPOCH) // _MICROSECOND)
    if isinstance(value, bool):
        return str(int(value))
    return str(value)
