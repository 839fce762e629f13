"""Your safety settings: topics you always want behind a warning, and people you blocked.

Blocking is quiet: the blocked person is never told. Their posts are folded for you (you
can reveal one), and they cannot reply directly to your posts.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.widgets.option_list import Option

from models import blocks, warnings
from screens import format
from screens.session import actor_of, reported
from screens.widgets.footer import KeyFooter
from screens.widgets.option_list import OptionList
from screens.widgets.safe_input import SafeInput
from screens.widgets.top_bar import TopBar


class SafetySettingsScreen(Screen[None]):
    """Add and remove hidden topics; unblock people."""

    CSS_PATH = "safety_settings.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("x,delete", "remove_topic", "Remove topic"),
        Binding("u", "unblock", "Unblock"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.topics: list[str] = []
        """The reader's hidden topics, as stored (lower case, sorted)."""
        self.blocked: list[tuple[int, str]] = []
        """(user id, display name) of each person blocked."""
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield TopBar("Safety settings")
        with VerticalScroll(id="settings-body"):
            yield Static("Topics you want hidden", classes="settings-heading")
            yield Static(
                "Posts and threads that mention one of these show only a warning until you "
                "choose to read them.",
                classes="settings-intro",
            )
            yield SafeInput(
                id="topic", max_length=warnings.TOPIC_MAX, placeholder="Add a topic, then enter"
            )
            yield OptionList(id="topics", markup=False)
            yield Static("People you blocked", classes="settings-heading")
            yield Static(
                "They are not told. Their posts are folded for you, and they cannot reply "
                "to your posts. Block someone from one of their posts (b).",
                classes="settings-intro",
            )
            yield OptionList(id="blocked", markup=False)
            yield Static("", id="status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#topic").focus()
        self.load()

    @work(exclusive=True, group="load")
    @reported
    async def load(self) -> None:
        actor = actor_of(self.app)
        topics = await warnings.hidden_topics(actor)
        blocked = await blocks.blocked_users(actor)
        self._show_topics(topics)
        self._show_blocked(blocked)
        self.loaded = True

    def _show_topics(self, topics: list[str]) -> None:
        self.topics = topics
        self._fill(
            "#topics",
            [Option(format.line(t), id=f"topic-{i}") for i, t in enumerate(topics)],
            "No hidden topics.",
        )

    def _show_blocked(self, blocked: list[tuple[int, str]]) -> None:
        self.blocked = blocked
        self._fill(
            "#blocked",
            [Option(format.line(name), id=f"user-{uid}") for uid, name in blocked],
            "You have not blocked anyone.",
        )

    def _fill(self, selector: str, options: list[Option], empty: str) -> None:
        box = self.query_one(selector, OptionList)
        keep = box.highlighted
        box.clear_options()
        if options:
            box.add_options(options)
            box.highlighted = min(keep or 0, len(options) - 1)
        else:
            box.add_option(Option(Content.styled(empty, "italic $text-muted"), disabled=True))
        self.refresh_bindings()

    def _status(self, message: str) -> None:
        self.query_one("#status", Static).update(message)

    show_problem = _status
    """Where ``@reported`` workers say what went wrong."""

    def _highlighted(self, selector: str, items: list) -> int | None:
        index = self.query_one(selector, OptionList).highlighted
        return index if index is not None and index < len(items) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if action == "remove_topic":
            return (
                self.focused is self.query_one("#topics")
                and self._highlighted("#topics", self.topics) is not None
            )
        if action == "unblock":
            return self._highlighted("#blocked", self.blocked) is not None
        return True

    # -- topics -------------------------------------------------------------------------

    @on(Input.Submitted, "#topic")
    def _add_topic(self, event: Input.Submitted) -> None:
        event.stop()
        topic = event.value.strip()
        if topic:
            self.save_topics([*self.topics, topic], f"Posts about “{topic}” will be hidden.")

    def action_remove_topic(self) -> None:
        index = self._highlighted("#topics", self.topics)
        if index is not None:
            gone = self.topics[index]
            rest = self.topics[:index] + self.topics[index + 1 :]
            self.save_topics(rest, f"“{gone}” is no longer hidden.")

    @on(OptionList.OptionSelected, "#topics")
    def _selected_topic(self) -> None:
        self.action_remove_topic()

    @work(exclusive=True, group="topics")
    @reported
    async def save_topics(self, topics: list[str], done: str) -> None:
        saved = await warnings.set_hidden_topics(actor_of(self.app), topics)
        self._status("")
        self.query_one("#topic", SafeInput).value = ""
        self._show_topics(saved)
        self.notify(done, markup=False)

    # -- blocked people -----------------------------------------------------------------

    @on(OptionList.OptionSelected, "#blocked")
    def _selected_blocked(self) -> None:
        self.action_unblock()

    @on(OptionList.OptionHighlighted)
    def _moved(self) -> None:
        self.refresh_bindings()

    def action_unblock(self) -> None:
        index = self._highlighted("#blocked", self.blocked)
        if index is not None:
            self.unblock(*self.blocked[index])

    @work(exclusive=True, group="unblock")
    @reported
    async def unblock(self, user_id: int, name: str) -> None:
        actor = actor_of(self.app)
        await blocks.unblock(actor, user_id)
        blocked = await blocks.blocked_users(actor)
        self._status("")
        self._show_blocked(blocked)
        self.notify(f"You unblocked {format.line(name).plain}.", markup=False)
