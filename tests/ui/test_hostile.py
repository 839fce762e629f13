"""User text is inert: markup, escape sequences and bidi overrides show harmlessly.

Two layers are checked. In-process, the screens get raw hostile text from a fake domain
(as if the stored text had never been cleaned) and must still show it as plain words. In
a real pseudo-terminal, the real app (``python -m forum``) shows a thread posted through
the real domain, and a terminal emulator (pyte) reading its actual output bytes checks
that the window title never changed, the clipboard was never written, and the screen
around the post was not overwritten.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyte
import pytest
from wcwidth import wcwidth

from forum.app import ForumApp
from models import boards, threads
from models.views import Page, PostView, ThreadSummary, ThreadView
from screens.thread import ThreadScreen, show_thread
from tests.helpers import make_thread, make_user
from tests.ui.conftest import SIZE, screen_text, settle, settled_on

HOSTILE = [
    "[/bold]",
    "[@click=app.quit]x[/]",
    "[link='https://example.com']y[/link]",
    "\x1b]0;pwned\x07",
    "\x1b]52;c;aGk=\x07",
    "\x1b[2J",
    "\u202e",
]
TITLE = "Title " + " ".join(HOSTILE) + " end"
BODY = "Body " + "\n\n".join(HOSTILE) + "\n\nend of body"
VISIBLE = ["[/bold]", "[@click=app.quit]x[/]", "[link='https://example.com']y[/link]"]
"""Markup-looking text must show exactly as typed."""
UNSAFE_CHARS = "\x1b\x07\u202e"


async def test_raw_hostile_text_from_the_domain_shows_as_plain_words(db, monkeypatch):
    """Even if stored text were never cleaned, the screens clean and escape it."""
    now = datetime.now(UTC)
    board = (await boards.list_boards())[0]
    summary = build(
        ThreadSummary, id=1, board_id=board.id, title=TITLE,
        author="\x1b[31mmallory\u202e", created_at=now, last_activity_at=now, reply_count=1,
        pinned=False, locked=False, content_warning="[bold]cw[/bold]\x1b]52;c;aGk=\x07",
    )  # fmt: skip
    common = {"author_id": 99, "created_at": now, "edited_at": None, "removed": False,
              "removed_by_moderator": False}  # fmt: skip
    posts = [
        build(PostView, id=1, parent_id=None, author="\x1b]0;pwned\x07mallory", depth=0,
              body=BODY, path="00000", **common),
        build(PostView, id=2, parent_id=1, author="[red]eve[/red]", depth=1,
              body="**" + " ".join(HOSTILE) + "** [x](javascript:alert(1))",
              path="0000000001", **common),
    ]  # fmt: skip

    async def fake_open_thread(thread_id, after=None, limit=None, start=None):
        return ThreadView(summary, board, posts, None)

    async def fake_board_threads(board_id, order="active", after=None, limit=50):
        return Page([summary], None)

    monkeypatch.setattr(threads, "open_thread", fake_open_thread)
    monkeypatch.setattr(boards, "board_threads", fake_board_threads)
    app = ForumApp(start="guest")
    async with app.run_test(size=SIZE) as pilot:
        from screens.board import BoardScreen

        await app.push_screen(BoardScreen(board))
        assert (await settled_on(pilot, BoardScreen)).threads
        listing = screen_text(app)
        assert "Title [/bold] [@click=app.quit]x[/]" in listing
        assert not any(c in listing for c in UNSAFE_CHARS)
        await show_thread(app, 1)
        assert (await settled_on(pilot, ThreadScreen)).ready
        assert "[bold]cw[/bold]" in screen_text(app)  # the warning shows first, inertly
        await pilot.press("v")  # then the reader chooses to read the thread
        text = await settle(pilot)
        for visible in VISIBLE:
            assert visible in text, visible
        assert "]0;pwned" in text and "]52;c;aGk=" in text and "[2J" in text
        assert "mallory" in text and "[red]eve[/red]" in text and "[bold]cw[/bold]" in text
        assert not any(c in text for c in UNSAFE_CHARS)
        # Clicking the fake action link does nothing: the app keeps running.
        await pilot.click("#post-1 Markdown", offset=(2, 2))
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ThreadScreen)


def build(view_type, **values):
    """A domain view with the given values; fields the domain adds later are left None."""
    defaults = getattr(view_type, "_field_defaults", {})
    missing = {f: None for f in view_type._fields if f not in values and f not in defaults}
    return view_type(**values, **missing)


# -- the real app in a real terminal -----------------------------------------------------

COLUMNS, ROWS = 110, 36
ROOT = Path(__file__).resolve().parents[2]


class Screen(pyte.Screen):
    """pyte's screen, drawing zero-width characters as terminals do.

    pyte 0.8.2 stops at a zero-width character that is not a combining mark (ZWNJ, VS16,
    a Devanagari vowel sign) and drops the rest of that write; xterm and VTE add it to the
    cell before and go on. Every other character is placed as pyte does: by its own width.
    """

    def draw(self, data: str) -> None:
        start = 0
        for index, char in enumerate(data):
            if wcwidth(char) == 0 and not unicodedata.combining(char):
                super().draw(data[start:index])
                self._join_to_previous_cell(char)
                start = index + 1
        super().draw(data[start:])

    def _join_to_previous_cell(self, char: str) -> None:
        line, x = self.buffer[self.cursor.y], self.cursor.x - 1
        if x > 0 and line[x].data == "":  # the second half of a wide character
            x -= 1
        if x >= 0:
            line[x] = line[x]._replace(data=line[x].data + char)

    def column_of(self, char: str, row: int) -> int | None:
        """The cell ``char`` is in on ``row`` (cells, not string positions)."""
        line = self.buffer[row]
        return next((x for x in range(self.columns) if line[x].data == char), None)


class Terminal:
    """A child process on a pseudo-terminal, its output fed to a pyte screen."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.screen = Screen(COLUMNS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.output = bytearray()
        pid, fd = pty.fork()
        if pid == 0:  # the child: become the app
            os.execve(argv[0], argv, env)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.status: int | None = None

    def read(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], min(left, 0.05))
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # the child has gone
                return
            if not chunk:
                return
            self.output += chunk
            self.stream.feed(chunk)

    def settle(self, quiet: float = 0.4, within: float = 5.0) -> None:
        """Read until the app has written nothing for ``quiet`` seconds (a whole frame)."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            before = len(self.output)
            self.read(quiet)
            if len(self.output) == before:
                return

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, *texts: str, within: float = 20.0) -> str:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            self.read(0.1)
            if all(t in self.text() for t in texts):
                return self.text()
        raise AssertionError(f"never showed {texts!r}; screen:\n{self.text()}")

    def send(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def close(self, within: float = 10.0) -> int | None:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            self.read(0.05)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                break
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)
        return self.status


@contextlib.contextmanager
def forum_in_a_terminal(home: Path, database_url: str) -> Iterator[Terminal]:
    """``python -m forum`` on a pseudo-terminal, as someone runs it locally; killed at the
    end if the test did not quit it."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT),
    }
    argv = [sys.executable, "-m", "forum", "--data-dir", str(home),
            "--database-url", database_url]  # fmt: skip
    term = Terminal(argv, env)
    try:
        yield term
    finally:
        if term.status is None:
            term.close(within=1)


def quit_forum(term: Terminal) -> int:
    """Press ctrl+q and wait for the exit status."""
    term.send(b"\x11")
    return term.close()


def open_first_thread(term: Terminal, *listed: str) -> None:
    """Browse as a guest, open the first board, and then its most recent thread."""
    term.wait_for("Browse as guest", "Get help now")
    term.send(b"\x02")  # ctrl+b: browse as a guest
    term.wait_for("Boards", "Introductions")
    term.send(b"\r")  # the first board
    term.wait_for(*listed)
    term.send(b"\r")  # the most recent thread


@pytest.mark.slow
async def test_hostile_text_in_a_real_terminal(db, database_url, tmp_path):
    river = await make_user("river")
    await make_thread(river, "A calm thread below", "Nothing to see.")
    await make_thread(river, TITLE, BODY)  # the most recent: first on the board
    with forum_in_a_terminal(tmp_path, database_url) as term:
        open_first_thread(term, "Title [/bold]", "A calm thread below")
        term.wait_for("Body", "end of body", "Help & resources")
        term.settle()
        text, lines = term.text(), term.screen.display
        # Everything a person typed shows as harmless words...
        for visible in VISIBLE:
            assert visible in text, visible
        assert "]0;pwned" in text and "]52;c;aGk=" in text
        # ...while the window title, the clipboard and the screen are untouched.
        assert "pwned" not in term.screen.title
        assert b"\x1b]52" not in term.output
        assert b"\x1b]0;pwned" not in term.output and "\u202e".encode() not in term.output
        assert lines[0].lstrip().startswith("forum")  # the top bar is where it was
        assert "Get help now" in lines[-1]  # and so is the footer
        assert any("Help & resources" in line for line in lines[:4])  # and the pane
        for line in lines:  # nothing was drawn over the pane's column
            assert "\u202e" not in line
        status = quit_forum(term)
    assert status == 0, term.text()


WORDS = [  # Skin tones and flags are not here: Rich counts 👍🏽 and 🇬🇧 as 2 cells, pyte 4.
    "Persian می\u200cخواهم بروم",
    "Hindi क्\u200dष हिन्दी में",
    "Malayalam അവന്\u200d വന്നു",
    "Bengali র\u200d্যাব বাংলা",
    "family 👨\u200d👩\u200d👧\u200d👦 and flag 🏳\ufe0f\u200d🌈",
    "keycap 1\ufe0f\u20e3 and heart ❤\ufe0f",
    "hidden pass\u200b\u200b\u2060\u2060word \u202eok",
]


@pytest.mark.slow
async def test_scripts_and_emoji_keep_every_column_in_place(db, database_url, tmp_path):
    """A post in many scripts, with emoji sequences, on a real terminal: the help pane's
    edge stays in one column on every row, and the words show with their joiners."""
    river = await make_user("river")
    await make_thread(river, "An older thread", "Nothing to see.")
    await make_thread(river, "Words 👨\u200d👩\u200d👧 ❤\ufe0f", "\n".join(WORDS))
    with forum_in_a_terminal(tmp_path, database_url) as term:
        open_first_thread(term, "Words", "An older thread")
        term.wait_for("Persian", "hidden password", "Help & resources")
        term.settle()
        screen = term.screen
        edges = {y: screen.column_of("▏", y) for y in range(screen.lines)}
        pane = [y for y, x in edges.items() if x is not None]
        assert len(pane) > 20 and len({edges[y] for y in pane}) == 1, [
            (y, edges[y], screen.display[y]) for y in pane if edges[y] != edges[pane[0]]
        ]
        text = term.text()
        for shown in ["می\u200cخواهم بروم", "क्ष हिन्दी में", "അവന് വന്നു", "র্যাব বাংলা",
                      "👨👩👧👦 and flag 🏳🌈", "keycap 1⃣ and heart ❤", "password ok"]:  # fmt: skip
            assert shown in text, shown
        status = quit_forum(term)
    assert status == 0, term.text()
