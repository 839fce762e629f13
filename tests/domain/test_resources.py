"""Pinned resources: the seeded crisis lines, board scope, order, edits."""

from __future__ import annotations

import pytest

from models import resources
from models.entities import ModAction, ResourceKind, Role
from models.errors import ValidationError
from tests.helpers import first_board_id, make_user


async def test_a_fresh_forum_has_real_crisis_lines():
    listed = await resources.list_resources()
    contacts = " ".join(r.contact for r in listed)
    assert all(r.is_crisis_line and r.board_id is None for r in listed)
    for must in ("988", "116 123", "741741", "findahelpline.com"):
        assert must in contacts


async def test_board_resources_show_on_their_board_only():
    mod = await make_user("mod", Role.MODERATOR)
    board = await first_board_id()
    group = await resources.pin_resource(
        mod,
        "Thursday group",
        "Peer group at the library",
        "Room 2, 7pm",
        ResourceKind.SUPPORT_GROUP,
        board_id=board,
    )
    on_board = await resources.list_resources(board)
    elsewhere = await resources.list_resources(board + 1)
    assert on_board[-1] == group and group.verified_at is not None
    assert group.id not in {r.id for r in elsewhere}
    assert len(on_board) == len(elsewhere) + 1


async def test_reorder_edit_and_unpin_are_logged():
    mod = await make_user("mod", Role.MODERATOR)
    ids = [r.id for r in await resources.list_resources()]
    await resources.reorder_resources(mod, list(reversed(ids)))
    assert [r.id for r in await resources.list_resources()] == list(reversed(ids))

    edited = await resources.edit_resource(mod, ids[0], contact="Call 988 or text 988")
    assert edited.contact == "Call 988 or text 988"

    await resources.unpin_resource(mod, ids[1], "number changed")
    assert ids[1] not in {r.id for r in await resources.list_resources()}
    actions = await ModAction.all().order_by("id").values_list("action", flat=True)
    assert actions == ["reorder resources", "edit resource", "unpin resource"]


async def test_bad_resource_input_names_the_field():
    mod = await make_user("mod", Role.MODERATOR)
    with pytest.raises(ValidationError, match="Kind must be one of"):
        await resources.pin_resource(mod, "t", "d", "c", "hotline")
    with pytest.raises(ValidationError, match="Contact must not be empty"):
        await resources.pin_resource(mod, "t", "d", "  \x1b ", ResourceKind.INFORMATION)
    with pytest.raises(ValidationError, match="cannot be changed"):
        await resources.edit_resource(mod, 1, position="9")
