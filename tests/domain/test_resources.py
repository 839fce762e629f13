"""Pinned resources: the seeded crisis lines, board scope, order, edits."""

from __future__ import annotations

import pytest

from models import moderation, resources
from models.entities import ModAction, ResourceKind, Role
from models.errors import Conflict, ValidationError
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


async def test_move_edit_and_unpin_are_logged():
    mod = await make_user("mod", Role.MODERATOR)
    ids = [r.id for r in await resources.list_resources()]
    await resources.move_resource(mod, ids[1], -1)
    assert [r.id for r in await resources.list_resources()] == [ids[1], ids[0], *ids[2:]]

    edited = await resources.edit_resource(mod, ids[0], contact="Call 988 or text 988")
    assert edited.contact == "Call 988 or text 988"

    await resources.unpin_resource(mod, ids[1], "number changed")
    assert ids[1] not in {r.id for r in await resources.list_resources()}
    actions = await ModAction.all().order_by("id").values_list("action", flat=True)
    assert actions == ["move resource", "edit resource", "unpin resource"]


async def test_bad_resource_input_names_the_field():
    mod = await make_user("mod", Role.MODERATOR)
    with pytest.raises(ValidationError, match="Kind must be one of"):
        await resources.pin_resource(mod, "t", "d", "c", "hotline")
    with pytest.raises(ValidationError, match="Contact must not be empty"):
        await resources.pin_resource(mod, "t", "d", "  \x1b ", ResourceKind.INFORMATION)
    with pytest.raises(ValidationError, match="cannot be changed"):
        await resources.edit_resource(mod, 1, position="9")


async def _pin(mod, title: str, kind=ResourceKind.COUNSELLING, board_id: int | None = None):
    return await resources.pin_resource(mod, title, "About it.", "Call 0800 1", kind, board_id)


async def _shown(board_id: int | None = None) -> list[str]:
    return [r.title for r in resources.help_first(await resources.list_resources(board_id))]


async def test_a_resource_never_moves_above_a_crisis_line():
    mod = await make_user("mod", Role.MODERATOR)
    first = await _pin(mod, "Counselling first")
    await _pin(mod, "Counselling second")
    before = await resources.list_resources()
    shown = await _shown()
    with pytest.raises(Conflict, match="Crisis lines always come first"):
        await resources.move_resource(mod, first.id, -1)
    last_crisis = [r for r in before if r.is_crisis_line][-1]
    with pytest.raises(Conflict, match="Crisis lines always come first"):
        await resources.move_resource(mod, last_crisis.id, 1)
    assert await resources.list_resources() == before  # nothing rewritten
    assert await _shown() == shown
    assert not await ModAction.exists(action="move resource")


async def test_a_move_swaps_neighbours_in_a_group_and_logs_the_one_moved():
    mod = await make_user("mod", Role.MODERATOR)
    board = await first_board_id()
    first = await _pin(mod, "Counselling first")
    await _pin(mod, "Board group", ResourceKind.SUPPORT_GROUP, board)
    second = await _pin(mod, "Counselling second")
    crisis = [r.title for r in await resources.list_resources() if r.is_crisis_line]
    await resources.move_resource(mod, second.id, -1, board_id=board)
    assert (await _shown(board))[len(crisis) :] == [
        "Counselling first",
        "Counselling second",
        "Board group",
    ]
    entry = await ModAction.get(action="move resource")
    assert (entry.action, entry.target_id) == ("move resource", second.id)
    assert entry.reason == "Counselling second, now above Board group"
    await resources.move_resource(mod, first.id, 1)  # the page without the board's own
    assert (await _shown())[len(crisis) :] == ["Counselling second", "Counselling first"]
    with pytest.raises(Conflict, match="already at the bottom"):
        await resources.move_resource(mod, first.id, 1)
    assert (await _shown())[: len(crisis)] == crisis


async def test_editing_a_resource_logs_the_fields_that_changed():
    mod = await make_user("mod", Role.MODERATOR)
    line = await _pin(mod, "Peer line")
    await resources.edit_resource(
        mod, line.id, title="Peer line", contact="Call 0800 2", description="About it."
    )
    await resources.edit_resource(mod, line.id, title="Peer line", kind="counselling")
    entries = await ModAction.filter(action="edit resource").values_list("target_id", "reason")
    assert entries == [(line.id, "contact")]  # the second edit changed nothing
    page = await moderation.audit_log(mod)
    edit = next(e for e in page.items if e.action == "edit resource")
    assert edit.note_label == "changed" and edit.target_name == "Peer line"
