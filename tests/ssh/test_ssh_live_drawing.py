"""What a live change draws over SSH, piece by piece, is what a full redraw draws.

A change that arrives repaints only the part of the screen it changed (see
``repaint_only_what_changed`` in screens/textual_drawing.py). Read through a terminal
emulator, the watcher's screen after each change must be, cell for cell and colour for
colour, the screen the same session draws from scratch (after its window is resized and
set back): nothing left over from before the change, nothing missing. And what a reply
sends is a small part of a full redraw, without the thread's title said again.
"""

from __future__ import annotations

from models import posting
from models.entities import Role
from tests.helpers import key, make_thread, make_user

SIZE = (100, 64)  # tall enough that the whole thread stays on screen


def cells(terminal) -> list[list[tuple[str, str, str, bool, bool]]]:
    """Every cell on the terminal: its character, colours, bold and reverse."""
    screen = terminal.screen
    return [
        [
            (cell.data, cell.fg, cell.bg, cell.bold, cell.reverse)
            for cell in (screen.buffer[row][column] for column in range(screen.columns))
        ]
        for row in range(screen.lines)
    ]


async def redraws_the_same(terminal, drawn: list) -> int:
    """Draw the screen afresh (wider by a column, then back to its own size) and check
    it is ``drawn``, row by row. Returns how many bytes the fresh drawing took."""
    columns, rows = SIZE
    terminal.resize(columns + 1, rows)
    # The top bar runs the whole width: its last cell is coloured once the frame is in.
    await terminal.wait_for_condition(lambda: terminal.screen.buffer[0][columns].bg != "default")
    terminal.resize(columns, rows)
    start = len(terminal.raw)
    try:
        await terminal.wait_for_condition(lambda: cells(terminal) == drawn)
    except AssertionError:
        now = cells(terminal)
        differ = [row for row in range(rows) if now[row] != drawn[row]]
        shown = "\n".join(terminal.screen.display[row] for row in differ)
        raise AssertionError(f"rows {differ} differ after a full redraw; now:\n{shown}") from None
    return len(terminal.raw) - start


async def test_each_live_change_draws_what_a_full_redraw_draws(forum_server, connect):
    ann, bob = await make_user("ann"), await make_user("bob")
    mod = await make_user("mod", Role.MODERATOR)
    _thread_id, opening = await make_thread(ann, "Rough night", "I could not sleep.")
    chain = [opening]
    for depth in range(8):  # past the nesting cap: the deepest replies sit side by side
        chain.append((await posting.reply(bob, chain[-1], f"Reply at depth {depth}.", key())).id)
    terminal = await connect(forum_server, "guest", size=SIZE)
    await terminal.wait_for("Introductions")
    terminal.send(b"\r")
    await terminal.wait_for("Rough night")
    terminal.send(b"\r")
    await terminal.wait_for("Reply at depth 7.")
    # Ready: a post has the focus (its bar) and the footer offers its keys.
    await terminal.wait_for_condition(
        lambda: "█ ▾" in terminal.text and "Collapse" in terminal.screen.display[-1]
    )

    async def arrives(change, shows: str) -> None:
        await change
        await terminal.wait_for(shows)
        await redraws_the_same(terminal, cells(terminal))

    await arrives(posting.reply(bob, chain[-1], "At the foot of the chain.", key()), "foot of")
    # Only what changed goes to the terminal: the reply and the count of replies, not the
    # thread around them, nor the title (in the header and the top bar) said again.
    chain.append((await posting.reply(bob, chain[-1], "Still here.", key())).id)
    await terminal.wait_for("Still here.")
    start = len(terminal.raw)
    await posting.reply(bob, chain[-1], "And still here.", key())
    await terminal.wait_for("And still here.")
    sent = bytes(terminal.raw[start:])
    full = await redraws_the_same(terminal, cells(terminal))
    assert b"Rough night" not in sent and len(sent) * 4 < full, (len(sent), full)
    await arrives(posting.reply(ann, opening, "A new branch under the opening.", key()), "branch")
    middle = posting.reply(ann, chain[2], "In the middle, pushing the rest down.", key())
    await arrives(middle, "pushing the rest")
    longer = "Reply at depth 3, now much longer. " * 6
    await arrives(posting.edit_post(bob, chain[4], longer), "now much longer")
    await arrives(posting.remove_post(mod, chain[4], "unkind"), "removed by a moderator")
    # The focus moving down the chain recolours each branch's guide line it leaves;
    # folding a branch and opening it again shrinks and grows every box around it.
    for press in (b"j", b"j", b"\r", b"\r"):
        before = cells(terminal)
        terminal.send(press)
        await terminal.wait_for_condition(lambda before=before: cells(terminal) != before)
        await redraws_the_same(terminal, cells(terminal))
    # A box restyled in a way that asks for a layout (as inline styles do) is painted
    # again, though its place did not change.
    (session,) = forum_server.sessions
    app = session._app
    box = app.screen.query(".replies.-indent").first()  # its guide line shows
    before = cells(terminal)
    app.call_later(box.set_styles, "border-left: vkey red;")
    await terminal.wait_for_condition(lambda: cells(terminal) != before)
    await redraws_the_same(terminal, cells(terminal))
