"""Keeping a signed-in person's draft in the database while they write.

A part of :class:`screens.compose.ComposeScreen`, kept apart so that each file holds one
thing. The draft is kept a few seconds after the last change (one write per pause, not
per keystroke), so a dropped connection loses at most those seconds. Opening the same
reply, edit or new thread again offers it back, saying from when; posting or throwing it
away deletes it. Guests keep nothing. The domain (models/drafts.py) checks who may.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Literal

from textual import work
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static, TextArea

from models import clock, drafts
from models.errors import ForumError
from models.views import BoardSummary, PostView
from screens.session import BROKEN, UNREACHABLE, actor_of, problem
from screens.type_ahead import TypeAheadForm
from screens.widgets.safe_input import SafeInput

Mode = Literal["thread", "reply", "edit"]


@dataclass(frozen=True)
class Draft:
    """What the compose screen is for."""

    mode: Mode
    boards: tuple[BoardSummary, ...] = ()
    board_id: int | None = None
    post: PostView | None = None
    """The post replied to (reply) or changed (edit)."""
    thread_title: str = ""

    @property
    def target(self) -> drafts.Target | None:
        """Where the kept draft is filed: the board opened from, or the post."""
        if self.mode == "thread":
            return None if self.board_id is None else drafts.Target.new_thread(self.board_id)
        return None if self.post is None else drafts.Target(self.mode, self.post.id)


class DraftKeeping(TypeAheadForm["PostView | None"]):
    """Restores, keeps and forgets the draft of :class:`screens.compose.ComposeScreen`,
    which provides what is written (``draft``, ``original``, ``client_key``), the
    ``#body`` area, any ``#title`` and ``#warning`` fields and a ``#draft-status`` line."""

    DRAFT_DELAY = 2.0
    """Seconds after the last change before the draft is kept in the database."""

    draft: Draft
    original: str
    client_key: str

    class DraftKept(Message):
        """The draft as it is now is kept in the database (or, emptied, deleted)."""

    @property
    def body(self) -> str:
        return self.query_one("#body", TextArea).text

    def has_draft(self) -> bool:
        """Whether leaving would throw words away (an edit: whether it changed)."""
        body, title, warning = self._typed()
        if self.draft.mode == "edit":
            return body != self.original
        return any(t.strip() for t in (body, title, warning))

    def _start_keeping(self) -> None:
        """Called by the screen's ``__init__`` once ``original`` is set."""
        self._keep_timer: Timer | None = None
        self._kept = (self.original, "", "")
        """What the database holds (at the start: what needs no keeping)."""
        self._keeping = asyncio.Lock()
        """One database write for the draft at a time, and none after the post."""
        self._done = False
        """Posted or thrown away: nothing more is kept."""

    def _typed(self) -> tuple[str, str, str]:
        """(body, title, content warning) as they are now."""

        def field(selector: str) -> str:
            return next((w.value for w in self.query(selector).results(SafeInput)), "")

        return (self.body, field("#title"), field("#warning"))

    def _cursor_to_end(self) -> None:
        """Go on writing where the text ends (an edit, a restored draft)."""
        area = self.query_one("#body", TextArea)
        area.move_cursor(area.document.end)

    def _draft_status(self, message: str) -> None:
        status = self.query_one("#draft-status", Static)
        status.update(message)
        status.display = bool(message)

    @work(group="draft")
    async def restore_draft(self) -> None:
        """Offer back the draft kept for this reply, edit or new thread, if any."""
        target = self.draft.target
        assert target is not None
        try:
            kept = await drafts.load(actor_of(self.app), target)
        except Exception as error:
            problem(error)  # logged; the person writes afresh
            return
        if kept is None or self._typed() != self._kept:
            return  # nothing kept, or the person has started again meanwhile
        self.query_one("#body", TextArea).text = kept.body
        for selector, value in (("#title", kept.title), ("#warning", kept.content_warning)):
            for field in self.query(selector).results(SafeInput):
                field.value = value
        self._cursor_to_end()
        self._kept = self._typed()
        if kept.client_key:
            self.client_key = kept.client_key  # a post stored before the drop is found
        self._draft_status(f"Your draft from {clock.moment_text(kept.saved_at)} was restored.")

    def _keep_soon(self) -> None:
        """Keep the draft once typing pauses: one write per pause, not per keystroke."""
        if self._done or not self.can_keep():
            return
        if self._keep_timer is not None:
            self._keep_timer.stop()
        self._keep_timer = self.set_timer(self.DRAFT_DELAY, self.keep_draft)

    @work(group="draft")
    async def keep_draft(self) -> None:
        await self.keep_now()

    def can_keep(self) -> bool:
        """Whether this draft is kept in the database (a signed-in person's)."""
        return not actor_of(self.app).is_guest and self.draft.target is not None

    async def keep_now(self) -> bool:
        """Keep the draft as it is now; whether the database holds it afterwards."""
        target = self.draft.target
        assert target is not None
        async with self._keeping:
            typed = self._typed()
            if self._done or typed == self._kept:
                return not self._done
            actor = actor_of(self.app)
            try:
                if self.has_draft():
                    body, title, warning = typed
                    key = "" if self.draft.mode == "edit" else self.client_key
                    await drafts.save(
                        actor, target, body, title=title, content_warning=warning, client_key=key
                    )
                else:
                    await drafts.discard(actor, target)
            except ForumError as refused:
                self._draft_status(f"Your draft could not be kept: {refused.message}")
                return False
            except Exception as error:
                if problem(error) == UNREACHABLE:  # logged, whichever it is
                    self._draft_status("Your draft could not be kept just now; it is still here.")
                else:
                    self._draft_status(f"Your draft is still here, but it was not kept. {BROKEN}")
                return False
            self._kept = typed
        self._draft_status(f"Draft kept at {clock.now():%H:%M} UTC." if self.has_draft() else "")
        self.post_message(self.DraftKept())
        return True

    async def _forget_draft(self) -> None:
        """Posted or thrown away: delete the kept draft, after any write in flight."""
        self._done = True
        if self._keep_timer is not None:
            self._keep_timer.stop()
        target = self.draft.target
        actor = actor_of(self.app)
        if target is None or actor.is_guest:
            return
        async with self._keeping:
            try:
                await drafts.discard(actor, target)
            except Exception as error:
                # The post (or the wish to throw it away) stands; the draft comes back
                # next time, which loses nothing.
                problem(error)  # logged
