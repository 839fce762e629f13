"""One interactive SSH session: a pty, a shell request, and an App running on it."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import asyncssh
from textual.worker import WorkerFailed

from forum.ssh import stdio
from forum.ssh.console import client_console, match_no_color, quiet_console
from forum.ssh.driver import ChannelLink, SSHDriver
from forum.ssh.logtext import duration, quoted
from forum.ssh.styles import share_parsed_css
from screens.textual_compat import crash_of

if TYPE_CHECKING:
    from textual.app import App

    from forum.ssh.server import ForumServer

logger = logging.getLogger("forum.ssh")

APOLOGY = (
    "\r\nSorry: something went wrong on our side and your session had to end.\r\n"
    "It has been logged. Please connect again.\r\n"
)
FULL = (
    "\r\nSorry, forum is full right now ({count} people are here).\r\n"
    "Please try again in a few minutes.\r\n"
)
RESTARTING = "\r\nforum is restarting. Please connect again in a moment.\r\n"
NEEDS_TERMINAL = (
    "forum is an interactive app and needs a terminal.\r\n"
    "Connect without a command, or force one with: ssh -t ...\r\n"
)


@dataclass(frozen=True)
class SessionInfo:
    """Who connected and with what terminal; given to the app factory."""

    username: str
    """The user name as typed on the ssh command line."""
    principal: Any | None
    """What the authenticator returned for this user, or None for a no-auth name."""
    term: str
    """The client's terminal type (TERM), e.g. "xterm-256color"."""
    colorterm: str
    """The client's COLORTERM if its ssh forwarded it, else ""."""
    no_color: bool
    """The client sent NO_COLOR, not empty: it wants no colour (https://no-color.org)."""
    width: int
    """Terminal columns at the start of the session."""
    height: int
    """Terminal rows at the start of the session."""
    peer: tuple[str, int]
    """The client's address and port."""
    check_password: Callable[[str, str], Awaitable[Any | None]]
    """Check a user name and password as an SSH login would: the principal, or None. For
    an app that lets people sign in inside the session, so that the server's password
    throttle covers that too (and logs it)."""
    open_link: Callable[[str], bool] | None = None
    """Open a web address in the person's own browser, when they use the forum from a web
    page (forum.web): False if it is no address to open. None in a terminal, where the
    app shows the address instead."""


AppFactory = Callable[[SessionInfo], "App[Any]"]


def prepare_app(app: App[Any], link: ChannelLink, info: SessionInfo) -> None:
    """Make `app` run on the SSH channel, for the client's terminal, sharing stdio."""
    app.driver_class = functools.partial(SSHDriver, link=link)  # type: ignore[assignment]
    app.console = client_console(info.term, info.colorterm)
    match_no_color(app, info.no_color)
    app.error_console = quiet_console()
    stdio.adopt(app)
    share_parsed_css(app)


class AppSession(asyncssh.SSHServerSession[bytes]):
    """asyncssh's callbacks for one session channel, driving one App."""

    def __init__(
        self,
        server: ForumServer,
        *,
        username: str,
        principal: Any | None,
        peer: tuple[str, int],
        on_drawn: Callable[[], None] = lambda: None,
        open_link: Callable[[str], bool] | None = None,
    ) -> None:
        self._server = server
        self._open_link = open_link
        """How links open in the person's browser (a web page's session), else None."""
        self._on_drawn = on_drawn
        """Called once the App has first sent the screen."""
        self._username = username
        self._principal = principal
        self._peer = peer
        self._chan: asyncssh.SSHServerChannel[bytes] | None = None
        self._term: str | None = None
        self._size = (80, 24)
        self._link: ChannelLink | None = None
        self._app: App[Any] | None = None
        self._gone = False
        self._farewell: str | None = None
        self._why: str | None = None
        """Why the session was told to end (the first reason given), for the log."""
        self._started = 0.0
        self._warned_behind = False
        self.finished = False
        """Set when the channel has closed."""
        self.task: asyncio.Task[None] | None = None

    # asyncssh callbacks ------------------------------------------------------------

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self._chan = chan

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: Any
    ) -> bool:
        self._term = term_type or "xterm"
        self._size = term_size[0], term_size[1]
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        logger.info("refused command %s from %s (only the interactive app is served)",
                    quoted(command), self._peer[0])  # fmt: skip
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        return False

    def session_started(self) -> None:
        chan = self._chan
        assert chan is not None
        if self._term is None:
            logger.info("refused a session of %s from %s: no terminal asked for",
                        quoted(self._username), self._peer[0])  # fmt: skip
            chan.write(NEEDS_TERMINAL.encode())
            _exit(chan, 1)
            return
        server = self._server
        if not server.reserve_session(self):
            logger.warning(
                "limit max_sessions: %d sessions running; turned away %s from %s",
                server.limits.max_sessions,
                quoted(self._username),
                self._peer[0],
            )
            chan.write(FULL.format(count=len(server.sessions)).encode())
            _exit(chan, 0)
            return
        self._started = time.monotonic()
        self._link = ChannelLink(
            chan,
            size=self._size,
            limits=server.limits,
            on_stall=functools.partial(self.end, "the client stopped reading"),
            on_first_frame=self._on_drawn,
        )
        self.task = asyncio.create_task(self._run(), name=f"forum session {self._username}")

    def data_received(self, data: bytes, datatype: Any) -> None:
        if self._link is not None:
            self._link.feed(data)

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        if self._link is not None:
            self._link.resize(width, height)
        else:
            self._size = width, height

    def break_received(self, msec: int) -> bool:
        return False

    def eof_received(self) -> bool:
        # Half-closed: the App still gets to restore the terminal and send its exit
        # status before the channel closes.
        self.end("the client closed its input")
        return True

    def pause_writing(self) -> None:
        if self._link is not None:
            if not self._warned_behind:  # once a session: a slow link may do this often
                self._warned_behind = True
                logger.info(
                    "limit write_buffer_high: %s at %s is behind; dropping screen updates "
                    "until it catches up",
                    quoted(self._username),
                    self._peer[0],
                )
            self._link.pause_writing()

    def resume_writing(self) -> None:
        if self._link is not None:
            self._link.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        self.finished = True
        if self._link is not None:
            self._link.lost()
        self.end(_lost(exc))

    # Running the app ----------------------------------------------------------------

    def end(self, why: str, farewell: str | None = None) -> None:
        """Ask the App to finish (the client left, or the server is closing) and say
        `why` in the log; `farewell` is written to the client's terminal once the App
        has stopped."""
        self._gone = True
        if self._why is None:
            self._why = why
        if farewell is not None:
            self._farewell = farewell
        if self._app is not None:
            self._app.exit()

    async def _run(self) -> None:
        link = self._link
        chan = self._chan
        assert link is not None and chan is not None
        env = chan.get_environment()
        info = SessionInfo(
            username=self._username,
            principal=self._principal,
            term=self._term or "xterm",
            colorterm=env.get("COLORTERM", ""),
            no_color=bool(env.get("NO_COLOR")),
            check_password=functools.partial(self._server.check_password, address=self._peer[0]),
            width=link.size[0],
            height=link.size[1],
            peer=self._peer,
            open_link=self._open_link,
        )
        status = 0
        error: BaseException | None = None
        if not await self._server.admit_session(self):
            self._server.release_session(self)
            logger.warning(
                "limit max_sessions: %d sessions running on every server; turned away %s from %s",
                self._server.limits.max_sessions,
                quoted(self._username),
                self._peer[0],
            )
            link.write(FULL.format(count=self._server.limits.max_sessions).encode(),
                       droppable=False)  # fmt: skip
            link.lost()
            _exit(chan, 0)
            return
        logger.info("session started: %s from %s (%s, %dx%d)", quoted(self._username),
                    self._peer[0], quoted(self._term), *link.size)  # fmt: skip
        try:
            if not self._gone:
                app = self._server.app_factory(info)
                prepare_app(app, link, info)
                self._app = app
                if not self._gone:
                    await app.run_async(size=link.size)
                # Textual catches an App's exception, shows it and exits with code 1.
                error = crash_of(app)
                status = app.return_code or 0
        except Exception as exc:
            error = exc
        finally:
            await _given_back(self._server.release_session(self))
            # A worker's exception reaches the App wrapped, never raised: no traceback
            # of its own. The one worth reading is the original's.
            while isinstance(error, WorkerFailed):
                error = error.error
            self._log_end(error, drawn=link.drawn)
            if error is not None:
                status = 1
            if error is not None and not self._gone:
                link.write(APOLOGY.encode(), droppable=False)
            elif self._farewell is not None:
                link.write(self._farewell.encode(), droppable=False)
            link.lost()
            _exit(chan, status)

    def _log_end(self, error: BaseException | None, *, drawn: bool) -> None:
        """One line for the end of the session: who, from where, how long, and why."""
        who = f"{quoted(self._username)}{self._became()} from {self._peer[0]}"
        took = duration(time.monotonic() - self._started)
        if error is not None and not (self._gone and not drawn):
            logger.error("session of %s crashed after %s", who, took,
                         exc_info=(type(error), error, error.__traceback__))  # fmt: skip
            return
        why = self._why or "quit"
        if error is not None:
            # Told to end (most often: the client left) while its App was still building
            # the first screen: Textual stops that half-way, and whichever step came next
            # fails (typically a query for a widget never mounted: NoMatches). The same
            # start-up with the client still there shows the screen, so it is no crash;
            # its traceback is kept for debugging.
            why += ", before the first screen"
            logger.debug("session of %s stopped before its first screen with", who,
                         exc_info=(type(error), error, error.__traceback__))  # fmt: skip
        logger.info("session ended: %s after %s: %s", who, took, why)

    def _became(self) -> str:
        """Who a guest@ or new@ session was at its end, if it signed in or signed up:
        the App says so through a ``signed_in_as`` attribute (the forum's does)."""
        name = getattr(self._app, "signed_in_as", None)
        return f" (signed in as {quoted(name)})" if name and name != self._username else ""


def _lost(exc: Exception | None) -> str:
    """Why a channel closed, in the log's words."""
    reason = str(exc) if exc is not None else ""
    if reason in ("", "Connection lost"):
        return "the client disconnected"
    return f"the client disconnected ({quoted(reason, 80)})"


async def _given_back(release: asyncio.Task[None] | None) -> None:
    """Wait for a session's place under the shared cap to be given back (a write of a few
    milliseconds), so a newcomer told of the end finds the place free. A server stopping
    in a hurry may cancel the session meanwhile: the write goes on, and so does the
    session's ending (its log line and exit status), which is all that is left of it."""
    if release is not None:
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.shield(release)


def _exit(chan: asyncssh.SSHServerChannel[bytes], status: int) -> None:
    """Send the exit status and close the channel, unless it is already closing."""
    with contextlib.suppress(OSError):
        chan.exit(status)
