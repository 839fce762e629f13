"""The top of a thread: its title, the line under it, its notices, and the veil that keeps
a thread with a content warning hidden until the reader chooses to read it."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Static

from models import warnings
from models.actor import Actor
from models.views import BoardSummary, ReaderSafety, ThreadSummary
from screens import format
from screens.slow_mode import pace_text
from screens.suspend import suspension_notice


def thread_veil(
    thread: ThreadSummary, topics: tuple[str, ...], reader: Actor, opening_author_id: int | None
) -> str | None:
    """The thread's warning, or the reader's hidden topics its title names (None: none).

    The person who started it is never kept from their own thread. Its posts' own words
    are checked post by post."""
    if reader.id is not None and opening_author_id == reader.id:
        return None
    return warnings.warning_for(thread.content_warning, thread.title, topics)


def shown_title(thread: ThreadSummary, topics: tuple[str, ...], veiled: bool) -> str:
    """The title, unless it names one of the reader's hidden topics and the thread is still
    veiled: then the title itself stays behind the warning."""
    if veiled and warnings.warning_for(None, thread.title, topics):
        return "Title hidden"
    return thread.title


def notices(
    thread: ThreadSummary, safety: ReaderSafety, reader: Actor, now: datetime
) -> list[Content]:
    """What a reader should know before replying: warning, locked, slow mode, guest,
    suspended."""
    out: list[Content] = []
    if thread.content_warning:
        out.append(
            Content.assemble(
                ("Content warning: ", "bold $text-error"), format.line(thread.content_warning)
            )
        )
    if thread.locked:
        locked = "This thread is locked: it takes no new replies."
        out.append(Content.styled(locked, "$text-warning"))
    if safety.slow_mode:
        out.append(Content.styled(f"Slow mode: {pace_text(safety.slow_mode)}.", "$text-warning"))
    if reader.is_guest:
        out.append(Content.styled("You are browsing as a guest: sign in to reply.", "$text-muted"))
    elif (suspended := suspension_notice(reader, now)) is not None:
        out.append(suspended)
    return out


class ThreadHeader(Vertical):
    """The title, the line under it, the notices and, for a veiled thread, the veil."""

    DEFAULT_CSS = """
    ThreadHeader { height: auto; }
    ThreadHeader #title { padding: 1 1 0 1; height: auto; }
    ThreadHeader #meta { padding: 0 1; color: $text-muted; height: auto; }
    ThreadHeader #notice { padding: 0 1; height: auto; margin-top: 1; display: none; }
    ThreadHeader #veil {
        height: auto; margin: 1 1 0 1; padding: 0 1; border: round $error 60%; display: none;
    }
    ThreadHeader #veil-text { height: auto; margin-bottom: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: dict[str, tuple[object, ...]] = {}
        """What each line shows (its text and styles), by selector."""

    def compose(self) -> ComposeResult:
        yield Static(Content("Loading…"), id="title", markup=False)
        yield Static("", id="meta", markup=False)
        yield Static("", id="notice", markup=False)
        with Vertical(id="veil"):
            yield Static("", id="veil-text", markup=False)
            yield Button("Show the thread", id="reveal-thread", variant="primary")

    def _update(self, selector: str, content: Content) -> None:
        """Show ``content`` in a line of the header, unless it shows there already: a
        reply that arrives changes the count of replies, and a line drawn again for
        nothing costs each reader a repaint and a layout."""
        line = self.query_one(selector, Static)
        shown = (content.plain, content.spans)
        if self._shown.get(selector) != shown:
            self._shown[selector] = shown
            line.update(content)

    def show(
        self,
        thread: ThreadSummary,
        board: BoardSummary,
        *,
        title: str,
        safety: ReaderSafety,
        reader: Actor,
        now: datetime,
        veil: str | None,
    ) -> None:
        """Show ``thread`` (its ``title`` as the reader may see it) and, with a ``veil``
        warning, hide what follows behind it."""
        badges = []
        if thread.pinned:
            badges.append(Content.styled(" PINNED ", "bold $text-accent on $accent-muted"))
        if thread.locked:
            badges.append(Content.styled(" LOCKED ", "bold $text-warning on $warning-muted"))
        self._update("#title", format.join(*badges, format.line(title, "bold"), separator=" "))
        self._update(
            "#meta",
            format.join(
                Content.assemble("in ", format.line(board.name, "$text-secondary")),
                Content.assemble("started by ", format.line(thread.author, "bold")),
                format.ago(thread.created_at, now),
                format.count(thread.reply_count, "reply", "replies"),
            ),
        )
        notice = Content("\n").join(notices(thread, safety, reader, now))
        self._update("#notice", notice)
        self.query_one("#notice").display = bool(notice)
        self.query_one("#veil").display = veil is not None
        if veil is not None:
            self.query_one("#veil-text", Static).update(
                Content("\n").join(
                    [
                        Content.assemble(
                            ("Content warning: ", "bold $text-error"), format.line(veil)
                        ),
                        Content.styled(
                            "This thread stays hidden until you choose to read it.",
                            "$text-muted",
                        ),
                    ]
                )
            )
