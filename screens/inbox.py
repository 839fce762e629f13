"""The inbox: replies to you, reactions to your posts, a moderator's removal; newest first.

Enter opens the thread at that post and marks it read; ``a`` marks everything read. The
list follows live: something new arrives at the top without moving the highlight.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from models import notifications
from models.changes import Change, Kind
from models.notifications import NotificationView
from models.views import Page
from screens import format
from screens.paged_screen import PagedScreen
from screens.session import actor_of, reported
from screens.widgets.footer import KeyFooter
from screens.widgets.option_list import OptionList
from screens.widgets.top_bar import TopBar


def notification_prompt(item: NotificationView, now: object) -> Content:
    mark = Content.styled("● ", "bold $text-accent") if not item.read else Content("  ")
    words = format.line(item.text, "" if item.read else "bold")
    when = Content.styled(format.ago(item.created_at, now), "$text-muted")  # type: ignore[arg-type]
    return Content.assemble(mark, words, "  ", when)


class InboxScreen(PagedScreen):
    """What others did that concerns you, a page at a time."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("a", "mark_all_read", "Mark all read"),
        Binding("f5", "refresh", "Refresh"),
    ]
    DEFAULT_CSS = "InboxScreen #notifications { height: 1fr; }"
    list_id = "notifications"
    more_words = "… older"
    empty_words = "Nothing yet. When someone replies to you or reacts to your posts, it shows here."

    def compose(self) -> ComposeResult:
        yield TopBar("Inbox")
        with Vertical(id="content"):
            yield Static("Replies and reactions to you, newest first", id="heading")
            yield OptionList(id="notifications", markup=False)
            yield Static("", id="status", markup=False)
        yield KeyFooter()

    async def fetch(self, after: str | None) -> Page[NotificationView]:
        return await notifications.inbox(actor_of(self.app), after)

    def prompt(self, item: NotificationView, now: object) -> tuple[Content, str]:
        return notification_prompt(item, now), f"notification-{item.id}"

    def concerns(self, change: Change) -> bool:
        return change.kind is Kind.NOTIFIED  # the app passes on only this person's

    def chosen(self, item: NotificationView) -> None:
        self.open_item(item)

    @work(group="open")
    @reported
    async def open_item(self, item: NotificationView) -> None:
        from screens.thread import show_thread

        await notifications.mark_read(actor_of(self.app), item.id)
        await show_thread(self.app, item.thread_id, focus_post=item.post_id)

    @work(group="write")
    @reported
    async def action_mark_all_read(self) -> None:
        marked = await notifications.mark_read(actor_of(self.app))
        self.notify("Everything is marked read." if marked else "Nothing was unread.")
        self.load(keep=True)
