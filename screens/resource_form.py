"""Pin a new resource or edit one (moderators and admins only)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from models import resources
from models.enums import ResourceKind
from models.views import ResourceView
from screens.format import KIND_NAMES
from screens.session import actor_of, reported
from screens.type_ahead import TypeAheadForm
from screens.widgets.footer import KeyFooter
from screens.widgets.safe_input import SafeInput


class ResourceFormScreen(TypeAheadForm[ResourceView | None], ModalScreen[ResourceView | None]):
    """Dismisses with the saved resource, or None when cancelled."""

    CSS_PATH = "resource_form.tcss"
    AUTO_FOCUS = "#title"
    """The first field, not the scrolling dialog around it: typing starts at once."""
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    ENTER_MOVES: dict[str, str] = {}
    """Enter in any field saves."""

    def __init__(self, *, board_id: int | None, resource: ResourceView | None = None) -> None:
        super().__init__()
        self.board_id = board_id
        """The board the pane belongs to: new resources can be pinned to it alone."""
        self.resource = resource
        """The resource being edited, or None to pin a new one."""

    def compose(self) -> ComposeResult:
        r = self.resource
        with VerticalScroll(id="dialog"):
            yield Static("Edit resource" if r else "Pin a resource", id="form-title")
            yield Label("Title")
            yield SafeInput(r.title if r else "", id="title", max_length=resources.LIMITS["title"])
            yield Label("How to reach it (phone, text line, address)")
            yield SafeInput(
                r.contact if r else "", id="contact", max_length=resources.LIMITS["contact"]
            )
            yield Label("Description")
            yield SafeInput(
                r.description if r else "",
                id="description",
                max_length=resources.LIMITS["description"],
            )
            yield Label("Kind")
            yield Select(
                [(name, kind.value) for kind, name in KIND_NAMES.items()],
                value=(r.kind.value if r else ResourceKind.COUNSELLING.value),
                allow_blank=False,
                id="kind",
            )
            if r is None and self.board_id is not None:
                yield Label("Show it")
                yield Select(
                    [("On every board", "all"), ("On this board only", "board")],
                    value="all",
                    allow_blank=False,
                    id="scope",
                )
            yield Static("", id="form-error", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")
        yield KeyFooter()

    @on(Button.Pressed, "#save")
    def _save(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        self.save()

    @work(exclusive=True, group="save")
    @reported
    async def save(self) -> None:
        values = {
            f: self.query_one(f"#{f}", Input).value for f in ("title", "contact", "description")
        }
        kind = str(self.query_one("#kind", Select).value)
        self.query_one("#form-error", Static).update("")
        if self.resource is None:
            scope = self.query("#scope")
            board = self.board_id if scope and scope.first(Select).value == "board" else None
            saved = await resources.pin_resource(
                actor_of(self.app),
                values["title"],
                values["description"],
                values["contact"],
                kind,
                board_id=board,
            )
        else:
            saved = await resources.edit_resource(
                actor_of(self.app), self.resource.id, kind=kind, **values
            )
        self.dismiss(saved)

    def show_problem(self, text: str) -> None:
        self.query_one("#form-error", Static).update(text)
