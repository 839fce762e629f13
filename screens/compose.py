"""Write a new thread, a reply, or an edit, with a live Markdown preview.

The client key that makes posting idempotent is made once, when this screen opens, and
reused on every retry: if a post "fails" but was in fact stored, trying again finds it
instead of posting twice. The draft stays until the domain confirms the post.

A signed-in person's draft is also kept in the database a few seconds after the last
change (see models/drafts.py), so a dropped connection loses nothing: opening the same
reply, edit or new thread again offers it back. Posting or throwing it away deletes it.
"""

from __future__ import annotations

import uuid

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Label, Select, Static, TextArea

from models import posting
from models.errors import RateLimited
from models.text import clean_line, clean_text
from models.views import BoardSummary, PostView
from screens import format
from screens.compose_drafts import Draft, DraftKeeping
from screens.confirm import ConfirmScreen
from screens.session import actor_of, problem
from screens.widgets.crisis_notice import CrisisNotice
from screens.widgets.draft_area import DraftArea
from screens.widgets.footer import KeyFooter
from screens.widgets.post_markdown import PostMarkdown
from screens.widgets.safe_input import SafeInput
from screens.widgets.top_bar import TopBar

PREVIEW_DELAY = 0.25
"""Seconds of quiet typing before the preview renders again."""


class ComposeScreen(DraftKeeping):
    """Dismisses with the post written (for a new thread its opening post, which carries
    the thread's id) or changed, or None when the draft is put away."""

    CSS_PATH = "compose.tcss"
    BINDINGS = [
        Binding("ctrl+s", "post", "Post", priority=True),
        Binding("ctrl+t", "toggle_preview", "Preview", priority=True),
        Binding("escape", "leave", "Discard"),
    ]

    def __init__(self, draft: Draft) -> None:
        super().__init__()
        self.draft = draft
        """What is being written."""
        self.client_key = uuid.uuid4().hex
        """Made once: every retry of this draft sends the same key."""
        self.original = draft.post.body if draft.mode == "edit" and draft.post else ""
        """The text an edit started from: leaving unchanged needs no question."""
        self._preview_timer: Timer | None = None
        self._start_keeping()

    @classmethod
    def new_thread(cls, boards: list[BoardSummary], board_id: int) -> ComposeScreen:
        return cls(Draft("thread", boards=tuple(boards), board_id=board_id))

    @classmethod
    def reply_to(cls, post: PostView, thread_title: str) -> ComposeScreen:
        return cls(Draft("reply", post=post, thread_title=thread_title))

    @classmethod
    def edit(cls, post: PostView, thread_title: str) -> ComposeScreen:
        return cls(Draft("edit", post=post, thread_title=thread_title))

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        d = self.draft
        yield TopBar(*self._where())
        # One scrolling form: on a short terminal the fields push the editor down
        # instead of squeezing it to nothing, and the focused field scrolls into view.
        with VerticalScroll(id="form"):
            with Vertical(id="fields"):
                if d.mode == "thread":
                    yield Static(self._heading(d.board_id), id="heading", markup=False)
                    if len(d.boards) > 1:
                        yield Label("Board")
                        yield Select(
                            [(format.line(b.name), b.id) for b in d.boards],
                            value=d.board_id,
                            allow_blank=False,
                            id="board",
                        )
                    yield Label("Title")
                    yield SafeInput(
                        id="title", max_length=150, placeholder="What would you like to talk about?"
                    )
                    yield Label("Content warning (optional)")
                    yield SafeInput(
                        id="warning",
                        max_length=posting.CONTENT_WARNING_MAX,
                        placeholder="e.g. self-harm, loss, abuse",
                    )
                elif d.post is not None:
                    yield Static(self._context_line(d.post), id="context", markup=False)
                    if d.mode == "reply":
                        yield Label("Content warning (optional)")
                        yield SafeInput(
                            id="warning",
                            max_length=posting.CONTENT_WARNING_MAX,
                            placeholder="e.g. self-harm, loss, abuse",
                        )
            yield Static("", id="draft-status", markup=False)
            with Horizontal(id="editor"):
                with Vertical(id="write"):
                    yield Label("Write (Markdown)")
                    yield DraftArea(
                        self.original,
                        id="body",
                        soft_wrap=True,
                        placeholder="Say as much or as little as you like.",
                    )
                with VerticalScroll(id="preview-pane"):
                    yield Label("Preview")
                    yield PostMarkdown(self.original, id="preview")
        yield CrisisNotice()
        yield Static("", id="error", markup=False)
        yield KeyFooter()

    def _where(self) -> tuple[str, ...]:
        d = self.draft
        if d.mode == "thread":
            return (self._board_name(d.board_id), "New thread")
        return (d.thread_title, "Reply" if d.mode == "reply" else "Edit your post")

    def _board_name(self, board_id: object) -> str:
        return clean_line(next((b.name for b in self.draft.boards if b.id == board_id), ""))

    def _heading(self, board_id: object) -> str:
        """Which board the thread goes to, said before anything is written."""
        name = self._board_name(board_id)
        return f"New thread in {name}" if name else "New thread"

    @on(Select.Changed, "#board")
    def _board_changed(self, event: Select.Changed) -> None:
        self.query_one("#heading", Static).update(self._heading(event.value))
        self.query_one(TopBar).set_where(self._board_name(event.value), "New thread")

    def _context_line(self, post: PostView) -> Content:
        first = next((line for line in clean_text(post.body).splitlines() if line.strip()), "")
        verb = "Replying to" if self.draft.mode == "reply" else "Editing your post in"
        lead = Content.assemble(f"{verb} ", format.line(post.author, "bold"))
        if self.draft.mode == "edit":
            lead = Content.assemble(f"{verb} ", format.line(self.draft.thread_title, "bold"))
        return Content("\n").join([lead, format.line(first[:200], "italic $text-muted")])

    def on_mount(self) -> None:
        first = "#title" if self.draft.mode == "thread" else "#body"
        self.query_one(first).focus()
        self._cursor_to_end()
        if not actor_of(self.app).is_guest and self.draft.target is not None:
            self.restore_draft()
        if self.app.size.width < 90:  # too narrow for two columns: preview on demand
            self.query_one("#preview-pane").display = False

    # -- preview ------------------------------------------------------------------------

    @on(SafeInput.Changed, "#title")
    def _title_changed(self) -> None:
        self._check_crisis()
        self._keep_soon()

    @on(SafeInput.Changed, "#warning")
    def _warning_changed(self) -> None:
        self._keep_soon()

    def _check_crisis(self) -> None:
        """Gently show the crisis lines when the words need them; never stop the post."""
        titles = [w.value for w in self.query("#title").results(SafeInput)]
        self.query_one(CrisisNotice).check("\n".join([*titles, self.body]))

    @on(TextArea.Changed, "#body")
    def _changed(self) -> None:
        self._error("")
        self._check_crisis()
        self._keep_soon()
        if self._preview_timer is not None:
            self._preview_timer.stop()
        if self.query_one("#preview-pane").display:
            self._preview_timer = self.set_timer(PREVIEW_DELAY, self._render_preview)

    async def _render_preview(self) -> None:
        await self.query_one("#preview", PostMarkdown).update(self.body)

    def action_toggle_preview(self) -> None:
        pane = self.query_one("#preview-pane")
        pane.display = not pane.display
        if pane.display:
            self.call_later(self._render_preview)

    # -- posting ------------------------------------------------------------------------

    def _error(self, message: str, *, busy: bool = False, kind: bool = False) -> None:
        status = self.query_one("#error", Static)
        status.set_class(busy, "-busy")
        status.set_class(kind, "-kind")
        status.update(message)

    def action_post(self) -> None:
        if not any(w.is_running for w in self.workers if w.group == "post"):
            self.send()

    @work(group="post")
    async def send(self) -> None:
        d = self.draft
        actor = actor_of(self.app)
        self._error("Posting…", busy=True)
        try:
            if d.mode == "thread":
                boards = self.query("#board")
                board_id = boards.first(Select).value if boards else d.board_id
                result: PostView = await posting.start_thread(
                    actor,
                    int(board_id),  # type: ignore[arg-type]
                    self.query_one("#title", SafeInput).value,
                    self.body,
                    self.client_key,
                    content_warning=self.query_one("#warning", SafeInput).value or None,
                )
            elif d.mode == "reply" and d.post is not None:
                result = await posting.reply(
                    actor,
                    d.post.id,
                    self.body,
                    self.client_key,
                    content_warning=self.query_one("#warning", SafeInput).value or None,
                )
            elif d.post is not None:
                result = await posting.edit_post(actor, d.post.id, self.body)
            else:  # pragma: no cover - a Draft always has a post outside "thread"
                return
        except RateLimited as wait:
            # Not a fault: a welcome and a time, said calmly; the draft stays.
            self._error(wait.message, kind=True)
            return
        except Exception as error:
            # Keep every word: the person can fix the problem or simply try again.
            self._error(problem(error))
            return
        self._error("")
        await self._forget_draft()
        self.dismiss(result)

    # -- leaving ------------------------------------------------------------------------

    @work(group="post")
    async def throw_away(self) -> None:
        await self._forget_draft()
        self.dismiss(None)

    def action_leave(self) -> None:
        if not self.has_draft():
            self.throw_away()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.throw_away()

        self.app.push_screen(
            ConfirmScreen(
                "Throw away this draft? What you wrote will be lost.",
                yes="Throw away",
                no="Keep writing",
            ),
            answered,
        )


class QuitWithDraft(ConfirmScreen):
    """Asked when quitting the app would throw away a draft (the app's ctrl+q)."""

    def __init__(self) -> None:
        super().__init__(
            "Quit and throw away your draft? What you wrote will be lost.",
            yes="Quit",
            no="Keep writing",
        )
