"""The moderators' review queue: open reports, newest first, each with its post in context.

Actions on the highlighted report: dismiss it, remove the post with a reason, lock the
thread, suspend the post's author, or send them a private note. Below the reports, a
reminder lists resources nobody has verified in six months, with "mark verified".
Only moderators and admins reach this screen; the domain refuses everyone else anyway.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static
from textual.widgets.option_list import Option

from models import clock, moderation, reports
from models.changes import Change, Kind
from models.policy import Action, Context
from models.reports import QueuedReport
from models.views import Page, ResourceView
from screens import format
from screens.ask import Act, AskScreen
from screens.format import KIND_NAMES
from screens.paged_screen import PagedScreen
from screens.session import actor_of, attempt, may
from screens.widgets.footer import KeyFooter
from screens.widgets.option_list import OptionList
from screens.widgets.top_bar import TopBar


def report_prompt(report: QueuedReport, now) -> Content:
    """One report in the list: why, whose post, where, and when."""
    reason = reports.REASON_LABELS.get(report.reason, str(report.reason))
    danger = report.reason == "danger"
    return Content("\n").join(
        [
            Content.styled(reason, "bold $text-error" if danger else "bold"),
            Content.assemble(
                "post by ",
                format.line(report.post_author, "$text-secondary"),
                " in ",
                format.line(report.thread_title, "italic"),
            ),
            Content.assemble(
                ("reported by ", "$text-muted"),
                format.line(report.reporter, "$text-muted"),
                (f" · {format.ago(report.created_at, now)}", "$text-muted"),
            ),
        ]
    )


def report_detail(report: QueuedReport, now) -> Content:
    """The report and the post in its context, all user text shown plain."""
    reason = reports.REASON_LABELS.get(report.reason, str(report.reason))
    badges = [Content.styled(" LOCKED ", "bold $text-warning on $warning-muted")]
    thread = format.join(
        *(badges if report.thread_locked else []),
        format.line(report.thread_title, "bold"),
        separator=" ",
    )
    parts = [
        Content.assemble(("Thread: ", "$text-muted"), thread),
        Content.assemble(("Reason: ", "$text-muted"), Content.styled(reason, "bold")),
    ]
    if report.note:
        parts.append(Content.assemble(("Note: ", "$text-muted"), format.line(report.note)))
    parts.append(
        Content.assemble(
            ("Reported by ", "$text-muted"),
            format.line(report.reporter),
            (f" · {format.ago(report.created_at, now)}", "$text-muted"),
        )
    )
    parts.append(Content(""))
    parts.append(
        Content.assemble(("The post, by ", "$text-muted"), format.line(report.post_author, "bold"))
    )
    if report.post_removed:
        parts.append(Content.styled("This post has been removed.", "italic $text-muted"))
    else:
        parts.append(format.block(report.post_body))
    return Content("\n").join(parts)


def stale_prompt(resource: ResourceView) -> Content:
    kind = KIND_NAMES.get(resource.kind, str(resource.kind))
    when = (
        f"last verified {format.day_text(resource.verified_at)}"
        if resource.verified_at
        else "never verified"
    )
    return Content("\n").join(
        [
            format.line(resource.title, "bold"),
            format.join(
                Content.styled(kind, "italic"),
                Content.styled(when, "$text-warning"),
            ),
            Content.assemble(("→ ", "$accent"), format.line(resource.contact, "$accent")),
        ]
    )


class ReviewQueueScreen(PagedScreen):
    """Work through open reports; verify resources that are due."""

    CSS_PATH = "review_queue.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("d", "dismiss_report", "Dismiss"),
        Binding("x", "remove_post", "Remove post"),
        Binding("L", "lock_thread", "Lock thread"),
        Binding("s", "suspend_author", "Suspend author"),
        Binding("n", "note_author", "Note to author"),
        Binding("o", "open_thread", "Open thread"),
        Binding("v", "verify", "Mark verified"),
        Binding("f5", "refresh", "Refresh"),
    ]
    list_id = "reports"
    more_words = "… more reports"
    empty_words = ""
    """The heading and the detail say that nothing is waiting."""

    def __init__(self) -> None:
        super().__init__()
        self.stale: list[ResourceView] = []
        """Resources not verified in six months, oldest check first."""
        self._opened: set[int] = set()
        """Reports whose detail this screen has shown (each is marked opened once)."""

    def compose(self) -> ComposeResult:
        yield TopBar("Review queue")
        with Vertical(id="content"):
            yield Static("Open reports", id="heading")
            with Horizontal(id="queue"):
                yield OptionList(id="reports", markup=False)
                with VerticalScroll(id="detail"):
                    yield Static("", id="detail-text", markup=False)
            yield Static("Resources to check", id="stale-heading")
            yield OptionList(id="stale", markup=False)
            yield Static("", id="status", markup=False)
        yield KeyFooter()

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.load(keep=True)  # shows the highlighted report, which counts as opened

    # -- loading ------------------------------------------------------------------------

    async def fetch(self, after: str | None) -> Page[QueuedReport]:
        actor = actor_of(self.app)
        page = await reports.review_queue(actor, after=after)
        if after is None:
            self.stale = await moderation.stale_resources(actor)
        return page

    def prompt(self, item: QueuedReport, now: datetime) -> tuple[Content, str]:
        return report_prompt(item, now), f"report-{item.id}"

    def concerns(self, change: Change) -> bool:
        """Reports opened or closed, resources verified, and changes to the threads and
        posts the reports shown are about (a lock, an edit, a removal)."""
        if change.kind in (Kind.REPORTS, Kind.RESOURCES):
            return True
        if change.kind in (Kind.THREAD, Kind.POST_EDITED, Kind.POST_REMOVED):
            return any(report.thread_id == change.thread_id for report in self.items)
        return False

    def page_shown(self, first: bool) -> None:
        heading = "Open reports" if self.items else "Open reports: none. Thank you."
        if self.items:
            heading += f" ({len(self.items)}{'+' if self.next_cursor else ''})"
        self.query_one("#heading", Static).update(heading)
        if first:
            self._show_detail()
            self._show_stale()

    def _show_stale(self) -> None:
        stale = self.stale
        options = self.query_one("#stale", OptionList)
        keep = options.highlighted
        options.clear_options()
        new: list[Option | None] = []
        for resource in stale:
            new += [Option(stale_prompt(resource), id=f"resource-{resource.id}"), None]
        options.add_options(new[:-1])
        if stale:
            options.highlighted = min(keep or 0, len(stale) - 1)
        heading = self.query_one("#stale-heading", Static)
        if stale:
            heading.update(
                f"Resources to check: {format.count(len(stale), 'resource')} not verified "
                "in 6 months (v marks one verified)"
            )
        else:
            heading.update("Resources to check: every resource was verified in the last 6 months.")
        options.display = bool(stale)

    def _show_detail(self) -> None:
        report = self.highlighted_item()
        text = self.query_one("#detail-text", Static)
        if report is None:
            text.update(
                Content.styled("Nothing waiting. Reports people send appear here.", "$text-muted")
            )
        else:
            text.update(report_detail(report, clock.now()))
            if self.is_active and report.id not in self._opened:
                self._opened.add(report.id)
                self.mark_opened(report.id)

    @work(group="write")
    async def mark_opened(self, report_id: int) -> None:
        """The moderator has seen the report: a danger report leaves everyone's top bar."""
        await attempt(self, reports.mark_opened(actor_of(self.app), report_id))

    @on(OptionList.OptionHighlighted, "#reports")
    def _report_highlighted(self) -> None:
        self._show_detail()

    @on(OptionList.OptionHighlighted, "#stale")
    def _stale_highlighted(self) -> None:
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#stale")
    def _stale_selected(self) -> None:
        self.action_verify()

    def chosen(self, item: QueuedReport) -> None:
        self.open_thread(item)

    def highlighted_resource(self) -> ResourceView | None:
        index = self.query_one("#stale", OptionList).highlighted
        return self.stale[index] if index is not None and index < len(self.stale) else None

    # -- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        report = self.highlighted_item()
        if action in {"dismiss_report", "open_thread", "note_author"}:
            return report is not None
        if action == "remove_post":
            return report is not None and not report.post_removed
        if action == "lock_thread":
            return report is not None and not report.thread_locked
        if action == "suspend_author":
            return report is not None and may(
                self.app,
                Action.SUSPEND_USER,
                Context(owner_id=report.post_author_id, target_role=report.post_author_role),
            )
        if action == "verify":
            return self.highlighted_resource() is not None
        return True

    def _done(self, message: str) -> None:
        self.notify(message, markup=False)
        self.load(keep=True)

    def action_refresh(self) -> None:
        self.load(keep=True)

    def _ask(self, title: str | Content, label: str, act: Act, done: str, **options) -> None:
        """Ask for a few words and ``act`` on them (the dialog shows a refusal in place);
        once it went through, say ``done`` and show the queue as it is now."""

        def answered(words: str | None) -> None:
            if words is not None:
                self._done(done)

        self.app.push_screen(AskScreen(title, label, act, **options), answered)

    def action_dismiss_report(self) -> None:
        if (report := self.highlighted_item()) is not None:
            act = partial(reports.dismiss_report, actor_of(self.app), report.id)
            title, label = "Dismiss this report: nothing needs doing", "Why (optional, for the log)"
            self._ask(title, label, act, "The report is dismissed.", yes="Dismiss")

    def action_remove_post(self) -> None:
        if (report := self.highlighted_item()) is not None:
            act = partial(moderation.remove_reported_post, actor_of(self.app), report.id)
            title = Content.assemble("Remove the post by ", format.line(report.post_author, "bold"))
            label = "Why (for the log; readers see that a moderator removed it)"
            self._ask(title, label, act, "The post is removed.", yes="Remove", required=True)

    def action_lock_thread(self) -> None:
        if (report := self.highlighted_item()) is not None:
            act = partial(moderation.lock_reported_thread, actor_of(self.app), report.id)
            title = Content.assemble("Lock ", format.line(report.thread_title, "bold"))
            label = "Why (optional, for the log)"
            self._ask(title, label, act, "The thread is locked.", yes="Lock")

    def action_suspend_author(self) -> None:
        from screens.suspend import SuspendScreen

        report = self.highlighted_item()
        if report is None:
            return

        def suspended(until) -> None:
            if until is not None:
                self._done(f"Done: suspended the author until {format.moment_text(until)}.")

        screen = SuspendScreen(report.post_author_id, report.post_author, report_id=report.id)
        self.app.push_screen(screen, suspended)

    def action_note_author(self) -> None:
        if (report := self.highlighted_item()) is not None:
            act = partial(moderation.send_note, actor_of(self.app), report.post_author_id)
            title = Content.assemble("A private note to ", format.line(report.post_author, "bold"))
            label = "Only they will see it (under Notes)"
            options = {"yes": "Send", "multiline": True, "required": True}
            self._ask(title, label, act, "Your note is sent.", **options)

    def action_open_thread(self) -> None:
        report = self.highlighted_item()
        if report is not None:
            self.open_thread(report)

    @work(exclusive=True, group="open")
    async def open_thread(self, report: QueuedReport) -> None:
        from screens.thread import show_thread

        await show_thread(self.app, report.thread_id, focus_post=report.post_id, over=self)

    def action_verify(self) -> None:
        resource = self.highlighted_resource()
        if resource is not None:
            self.verify(resource)

    @work(group="write")
    async def verify(self, resource: ResourceView) -> None:
        if not await attempt(self, moderation.verify_resource(actor_of(self.app), resource.id)):
            return
        self._done(f"Marked verified today: {format.line(resource.title).plain}.")
