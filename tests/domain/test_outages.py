"""Which failures are the database or the network going away, and which are bugs. (The
outages themselves, made with a real proxy or a real lock, are in tests/ui/test_problems.)"""

from __future__ import annotations

import pytest
from tortoise import connections

from models.outages import is_outage


async def test_a_query_s_own_mistake_is_a_bug_on_either_backend():
    with pytest.raises(Exception) as raised:
        await connections.get("default").execute_query("SELECT * FROM no_such_table")
    assert not is_outage(raised.value)


def test_an_error_raised_from_an_outage_is_one():
    with pytest.raises(RuntimeError) as raised:
        try:
            raise ConnectionResetError(104, "Connection reset by peer")
        except ConnectionResetError as reset:
            raise RuntimeError("the page could not be loaded") from reset
    assert is_outage(raised.value)


def test_a_bug_met_while_handling_an_outage_stays_a_bug():
    with pytest.raises(KeyError) as raised:
        try:
            raise ConnectionResetError(104, "Connection reset by peer")
        except ConnectionResetError:
            {}["missing"]
    assert raised.value.__context__ is not None
    assert not is_outage(raised.value)


def test_a_missing_file_is_a_bug_not_the_network():
    with pytest.raises(FileNotFoundError) as raised:
        open("/nonexistent/forum/file")  # noqa: SIM115
    assert not is_outage(raised.value)
