"""A member's private notes from moderators. Only the recipient ever sees them; opening
this screen marks them read."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from models import clock, moderation
from models.changes import Change, Kind
from models.moderation import NoteView
from screens import format
from screens.live import LiveUpdates
from screens.session import actor_of, reported
from screens.widgets.footer import KeyFooter
from screens.widgets.top_bar import TopBar


def note_card(note: NoteView, now) -> Static:
    head = format.join(
        Content.assemble("From ", format.line(note.sender, "bold $text-secondary")),
        format.ago(note.created_at, now),
        Content.styled("new", "bold $text-accent") if not note.read else "",
    )
    body = Content("\n").join([head, format.block(note.body)])
    return Static(body, classes="note-card" + ("" if note.read else " -new"), markup=False)


class NotesScreen(Screen[None]):
    """Notes from moderators, newest first."""

    CSS_PATH = "notes.tcss"
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back"),
        Binding("f5", "refresh", "Refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[NoteView] = []
        self.loaded = False
        self.live = LiveUpdates(self, self._concerns, lambda _changes: self.load())
        """A note sent to this person in any session shows at once (see screens.live)."""

    def compose(self) -> ComposeResult:
        yield TopBar("Notes from moderators")
        with VerticalScroll(id="notes-body"):
            yield Static("Notes from moderators", id="notes-title")
            yield Static(
                "Private notes about your posts. Only you can see them.",
                id="notes-intro",
            )
            yield Vertical(id="notes")
            yield Static("", id="status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#notes-body").focus()
        self.live.start()
        self.load()

    def on_unmount(self) -> None:
        self.live.stop()

    def _concerns(self, change: Change) -> bool:
        return change.kind is Kind.NOTE and actor_of(self.app).id in change.users

    @work(exclusive=True, group="load")
    @reported
    async def load(self) -> None:
        actor = actor_of(self.app)
        notes = await moderation.my_notes(actor)
        await moderation.mark_notes_read(actor)
        self.notes = notes
        now = clock.now()
        box = self.query_one("#notes", Vertical)
        await box.remove_children()
        await box.mount_all(note_card(note, now) for note in notes)
        self.query_one("#status", Static).update("" if notes else "No notes. All is well.")
        self.loaded = True

    def show_problem(self, text: str) -> None:
        self.query_one("#status", Static).update(text)

    def action_refresh(self) -> None:
        self.load()
