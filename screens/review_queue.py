"""The moderators' review queue: open reports, newest first, each with its post in context.

Actions on the highlighted report: dismiss it, remove the post with a reason, lock the
thread, suspend the post's author, or send them a private note. Below the reports, a
reminder lists resources nobody has verified in six months, with "mark verified".
Only moderators and admins reach this screen; the domain refuses everyone else anyway.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static
from textual.widgets.option_list import Option

from models import clock, moderation, reports
from models.policy import Action, Context
from models.reports import QueuedReport
from models.views import ResourceView
from screens import format
from screens.ask import AskScreen
from screens.format import KIND_NAMES
from screens.session import actor_of, attempt, may, reported
from screens.widgets.footer import KeyFooter
from screens.widgets.option_list import OptionList
from screens.widgets.paged_list import MORE, add_page
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


class ReviewQueueScreen(Screen[None]):
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

    def __init__(self) -> None:
        super().__init__()
        self.reports: list[QueuedReport] = []
        """Open reports loaded so far, newest first."""
        self.next_cursor: str | None = None
        self.stale: list[ResourceView] = []
        """Resources not verified in six months, oldest check first."""
        self.loaded = False
        """True once the first load finished (tests wait on it)."""

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

    def on_mount(self) -> None:
        self.query_one("#reports", OptionList).focus()
        self.load()

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.load()

    # -- loading ------------------------------------------------------------------------

    @work(exclusive=True, group="load")
    @reported
    async def load(self) -> None:
        actor = actor_of(self.app)
        page = await reports.review_queue(actor)
        stale = await moderation.stale_resources(actor)
        self._status("")
        keep = self.highlighted_report()
        self.reports = list(page.items)
        self.next_cursor = page.next_cursor
        options = self.query_one("#reports", OptionList)
        options.clear_options()
        self._add(page.items)
        if self.reports:
            ids = [r.id for r in self.reports]
            options.highlighted = ids.index(keep.id) if keep and keep.id in ids else 0
        self._show_detail()
        self._show_stale(stale)
        self.loaded = True
        self.refresh_bindings()

    @work(exclusive=True, group="more")
    @reported
    async def load_more(self) -> None:
        if self.next_cursor is None:
            return
        page = await reports.review_queue(actor_of(self.app), after=self.next_cursor)
        self.reports.extend(page.items)
        self.next_cursor = page.next_cursor
        self._add(page.items)

    def _add(self, items: list[QueuedReport]) -> None:
        now = clock.now()
        add_page(
            self.query_one("#reports", OptionList),
            ((report_prompt(report, now), f"report-{report.id}") for report in items),
            "… more reports" if self.next_cursor is not None else None,
        )
        heading = "Open reports" if self.reports else "Open reports: none. Thank you."
        if self.reports:
            heading += f" ({len(self.reports)}{'+' if self.next_cursor else ''})"
        self.query_one("#heading", Static).update(heading)

    def _show_stale(self, stale: list[ResourceView]) -> None:
        self.stale = stale
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
        report = self.highlighted_report()
        text = self.query_one("#detail-text", Static)
        if report is None:
            text.update(
                Content.styled("Nothing waiting. Reports people send appear here.", "$text-muted")
            )
        else:
            text.update(report_detail(report, clock.now()))

    def _status(self, message: str) -> None:
        self.query_one("#status", Static).update(message)

    show_problem = _status
    """Where ``@reported`` workers say what went wrong."""

    @on(OptionList.OptionHighlighted, "#reports")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id == MORE:
            self.load_more()
        self._show_detail()
        self.refresh_bindings()

    @on(OptionList.OptionHighlighted, "#stale")
    def _stale_highlighted(self) -> None:
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#reports")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == MORE:
            self.load_more()
        else:
            self.action_open_thread()

    @on(OptionList.OptionSelected, "#stale")
    def _stale_selected(self) -> None:
        self.action_verify()

    def highlighted_report(self) -> QueuedReport | None:
        index = self.query_one("#reports", OptionList).highlighted
        if index is None:
            return None
        return self.reports[index] if index < len(self.reports) else None

    def highlighted_resource(self) -> ResourceView | None:
        index = self.query_one("#stale", OptionList).highlighted
        return self.stale[index] if index is not None and index < len(self.stale) else None

    # -- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        report = self.highlighted_report()
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
        self.load()

    def action_refresh(self) -> None:
        self.load()

    def action_dismiss_report(self) -> None:
        report = self.highlighted_report()
        if report is None:
            return
        actor = actor_of(self.app)

        async def dismiss(reason: str) -> None:
            await reports.dismiss_report(actor, report.id, reason)

        self.app.push_screen(
            AskScreen(
                "Dismiss this report: nothing needs doing",
                "Why (optional, for the log)",
                dismiss,
                yes="Dismiss",
            ),
            lambda done: done is not None and self._done("The report is dismissed."),
        )

    def action_remove_post(self) -> None:
        report = self.highlighted_report()
        if report is None:
            return
        actor = actor_of(self.app)

        async def remove(reason: str) -> None:
            await moderation.remove_reported_post(actor, report.id, reason)

        title = Content.assemble("Remove the post by ", format.line(report.post_author, "bold"))
        self.app.push_screen(
            AskScreen(
                title,
                "Why (for the log; readers see that a moderator removed it)",
                remove,
                yes="Remove",
                required=True,
            ),
            lambda done: done is not None and self._done("The post is removed."),
        )

    def action_lock_thread(self) -> None:
        report = self.highlighted_report()
        if report is None:
            return
        actor = actor_of(self.app)

        async def lock(reason: str) -> None:
            await moderation.lock_reported_thread(actor, report.id, reason)

        title = Content.assemble("Lock ", format.line(report.thread_title, "bold"))
        self.app.push_screen(
            AskScreen(title, "Why (optional, for the log)", lock, yes="Lock"),
            lambda done: done is not None and self._done("The thread is locked."),
        )

    def action_suspend_author(self) -> None:
        from screens.suspend import SuspendScreen

        report = self.highlighted_report()
        if report is None:
            return

        def suspended(until) -> None:
            if until is not None:
                self._done(f"Done: suspended the author until {format.moment_text(until)}.")

        screen = SuspendScreen(report.post_author_id, report.post_author, report_id=report.id)
        self.app.push_screen(screen, suspended)

    def action_note_author(self) -> None:
        report = self.highlighted_report()
        if report is None:
            return
        actor = actor_of(self.app)

        async def send(body: str) -> None:
            await moderation.send_note(actor, report.post_author_id, body)

        title = Content.assemble("A private note to ", format.line(report.post_author, "bold"))
        self.app.push_screen(
            AskScreen(
                title,
                "Only they will see it (under Notes)",
                send,
                yes="Send",
                multiline=True,
                required=True,
            ),
            lambda done: done is not None and self.notify("Your note is sent.", markup=False),
        )

    def action_open_thread(self) -> None:
        report = self.highlighted_report()
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
