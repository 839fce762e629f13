"""The pinned resources pane: professional help docked beside the board and thread screens.

Everyone sees it, guests included. Crisis lines come first, then the rest in the order
moderators gave them. Moderators and admins get controls to pin, edit, unpin and reorder;
members never see those controls (and the domain refuses them anyway).
"""

from __future__ import annotations

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Static
from textual.widgets.option_list import Option

from models import resources
from models.changes import Change, Kind
from models.policy import Action
from models.resources import help_first
from models.views import ResourceView
from screens import format
from screens.actor_changes import about_me, follow_actor
from screens.breakpoints import NARROW
from screens.live import LiveUpdates, everything
from screens.session import actor_of, attempt, may, reported
from screens.widgets.option_list import OptionList


def resource_prompt(resource: ResourceView) -> Content:
    """A resource as a few lines of plain (never markup) text."""
    crisis = resource.is_crisis_line
    kind = format.KIND_NAMES.get(resource.kind, str(resource.kind))
    return Content("\n").join(
        [
            format.line(resource.title, "bold $error" if crisis else "bold"),
            format.join(Content.styled(kind, "italic"), "this board" if resource.board_id else ""),
            Content.assemble(("→ ", "$accent"), format.line(resource.contact, "$accent")),
            format.line(resource.description, "$text-muted"),
        ]
    )


def staff_controls() -> Horizontal:
    """The moderators' buttons, under the list."""
    return Horizontal(
        Button("+Pin", id="pin", tooltip="Pin a new resource (a)"),
        Button("Edit", id="edit", tooltip="Edit the highlighted resource (e)"),
        Button("Unpin", id="unpin", tooltip="Unpin the highlighted resource (x)"),
        Button("▲", id="up", tooltip="Move up ([ or shift+up)"),
        Button("▼", id="down", tooltip="Move down (] or shift+down)"),
        id="staff",
        classes="pane-part",
    )


class ResourcesPane(Vertical):
    """Pinned resources for a board (or every global one when ``board_id`` is None)."""

    DEFAULT_CSS = """
    ResourcesPane {
        dock: right;
        width: 30%;
        min-width: 26;
        max-width: 42;
        height: 1fr;
        border-left: vkey $primary;
        background: $surface;
    }
    ResourcesPane.-hidden { display: none; }
    ResourcesPane > #pane-title { padding: 0 1; text-style: bold; color: $text-primary;
                                   height: auto; }
    ResourcesPane > #pane-hint { padding: 0 1 1 1; color: $text-muted; height: auto; }
    ResourcesPane > OptionList { height: 1fr; border: none; padding: 0; background: $surface;
                                 scrollbar-gutter: stable; scrollbar-size-vertical: 1; }
    /* The border never changes with focus: a width change would leave the list's cached
       line heights stale (Textual 8.2) and drop its dividers. */
    ResourcesPane > OptionList:focus { border: none; background-tint: $foreground 4%; }
    /* A crisis line's title is red: the highlight is a tint it stays readable on, not
       the solid block cursor. */
    ResourcesPane > OptionList > .option-list--option-highlighted {
        background: $primary 15%; color: $foreground; text-style: none; }
    ResourcesPane > OptionList:focus > .option-list--option-highlighted {
        background: $primary 30%; color: $foreground; text-style: none; }
    ResourcesPane > #pane-error { color: $error; padding: 0 1; height: auto; }
    ResourcesPane > #staff { height: auto; }
    ResourcesPane #staff Button { min-width: 0; width: auto; height: 1; border: none;
                                  margin: 0 1 0 0; padding: 0; }
    ResourcesPane > #pane-bar, ResourcesPane > #pane-close { display: none; }

    /* Narrow terminals: a one-line bar below the posts, so they keep the width; ctrl+r
       opens the pane over the whole width, on a layer of its own so the posts behind
       it keep their layout. */
    Screen.-narrow ResourcesPane { dock: bottom; width: 100%; min-width: 0; max-width: 100%;
                                   height: 1; border-left: none; background: $panel; }
    Screen.-narrow ResourcesPane.-hidden { display: block; }
    Screen.-narrow ResourcesPane > .pane-part { display: none; }
    Screen.-narrow ResourcesPane > #pane-bar { display: block; padding: 0 1;
                                               color: $text-muted; }
    Screen.-narrow ResourcesPane.-open { layer: resources-open; dock: right; height: 100%;
                                         background: $surface; }
    Screen.-narrow ResourcesPane.-open > .pane-part { display: block; }
    Screen.-narrow ResourcesPane.-open > #pane-bar { display: none; }
    Screen.-narrow ResourcesPane.-open > #pane-close { display: block; padding: 0 1;
                                                       color: $text-muted; height: auto; }
    """
    SCOPED_CSS = False
    """The narrow rules start from the screen, which has ``-narrow`` (screens.breakpoints)."""

    BINDINGS = [
        Binding("escape", "close", show=False),
        Binding("a", "pin", "Pin new"),
        Binding("e", "edit", "Edit"),
        Binding("x,delete", "unpin", "Unpin"),
        Binding("shift+up,[", "move(-1)", "Move up"),
        Binding("shift+down,]", "move(1)", "Move down"),
    ]
    """Moderator controls (``check_action`` hides them from everyone else), and escape to
    close the pane opened over a narrow terminal."""

    def __init__(
        self,
        board_id: int | None = None,
        *,
        load: bool = True,
        items: list[ResourceView] | None = None,
        id: str | None = "resources",
    ) -> None:
        super().__init__(id=id)
        self.board_id = board_id
        """The board whose own resources show beside the global ones."""
        self.load_on_mount = load
        """False when the owner sets ``board_id`` and reloads once it knows the board."""
        self.items: list[ResourceView] = []
        """What the pane shows, in order."""
        self._preloaded = items
        self._focus_before: Widget | None = None
        """What had the focus before the pane opened over a narrow terminal."""
        self.live = LiveUpdates(self, self._concerns, self._apply_changes)
        """Resources pinned, edited, moved or unpinned in any session (see screens.live)."""
        self._follow = False
        """Whether the person's own account changed (the staff controls follow their role)."""

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble(
                ("ctrl+g", "bold $accent"), " help · ", ("ctrl+r", "bold $accent"), " resources"
            ),
            id="pane-bar",
        )
        yield Static("Help & resources", id="pane-title", classes="pane-part")
        yield Static(
            Content.assemble("In crisis? Press ", ("ctrl+g", "bold $accent"), " for help now."),
            id="pane-hint",
            classes="pane-part",
        )
        # Held, not queried: a reload that ends as the screen closes finds them still.
        self._list = OptionList(id="resource-list", markup=False, classes="pane-part")
        self._problem = Static("", id="pane-error", markup=False, classes="pane-part")
        yield self._list
        yield self._problem
        yield Static("esc or ctrl+r closes this", id="pane-close")
        if self.staff:  # nobody else gets the controls, not even hidden ones
            yield staff_controls()

    def on_mount(self) -> None:
        # Shown or hidden follows the person from screen to screen, including back to
        # screens opened before they changed it.
        self._follow_choice()
        self.app.screen_change_signal.subscribe(self, self._screen_changed)
        self.live.start()
        if self._preloaded is not None:
            self._show(self._preloaded)
            self._preloaded = None
        elif self.load_on_mount:
            self.reload()

    def on_unmount(self) -> None:
        self.live.stop()

    def _follow_choice(self) -> None:
        self.set_class(not getattr(self.app, "show_resources", True), "-hidden")

    def _screen_changed(self, screen: Screen) -> None:
        if screen is self.screen:
            self._follow_choice()
            if self._follow:  # the person's account changed while the screen was behind
                self.live_update()

    @property
    def narrow(self) -> bool:
        """Whether the terminal is too narrow for the pane beside the posts."""
        return self.screen.has_class(NARROW)

    def toggle(self) -> None:
        """Hide or show the pane, and remember the choice for the other screens; on a
        narrow terminal, open it over the whole width or close it (for this screen)."""
        if self.narrow:
            self.set_open(not self.has_class("-open"))
            return
        self.toggle_class("-hidden")
        self.app.show_resources = not self.has_class("-hidden")  # type: ignore[attr-defined]
        if self.has_class("-hidden") and self.has_focus_within:
            self.screen.focus_next()

    def set_open(self, open: bool) -> None:
        if open == self.has_class("-open"):
            return
        self.set_class(open, "-open")
        if open:
            self._focus_before = self.screen.focused
            self._list.focus()
            return
        before, self._focus_before = self._focus_before, None
        if before is not None and before.is_attached and before.focusable:
            before.focus()
        elif self.has_focus_within:
            self.screen.focus_next()

    def action_close(self) -> None:
        self.set_open(False)

    @on(events.Click, "#pane-bar")
    def _bar_clicked(self, event: events.Click) -> None:
        event.stop()
        self.set_open(True)

    @property
    def staff(self) -> bool:
        return may(self.app, Action.PIN_RESOURCE)

    @property
    def highlighted(self) -> ResourceView | None:
        index = self._list.highlighted
        return self.items[index] if index is not None and index < len(self.items) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"pin", "edit", "unpin", "move"}:
            return self.staff
        if action == "close":
            return self.has_class("-open") and self.narrow
        return True

    @work(exclusive=True, group="resources")
    @reported
    async def reload(self, select: int | None = None) -> None:
        items = help_first(await resources.list_resources(self.board_id))
        self._problem.update("")
        self._show(items, select)

    # -- what others do meanwhile -------------------------------------------------------

    def _concerns(self, change: Change) -> bool:
        return change.kind is Kind.RESOURCES or about_me(self, change)

    def _apply_changes(self, changes: list[Change]) -> None:
        if everything(changes) or any(about_me(self, change) for change in changes):
            self._follow = True
        self.live_update()

    @work(exclusive=True, group="resources")
    @reported
    async def live_update(self) -> None:
        """The resources as they are now, the highlighted one kept; the controls follow
        the person's role when their account changed."""
        if self._follow and self.screen.is_active:  # else once the screen is back
            await follow_actor(self)
            await self._show_controls()
            self._follow = False
        items = help_first(await resources.list_resources(self.board_id))
        self._problem.update("")
        self._show(items)

    async def _show_controls(self) -> None:
        shown = self.query("#staff")
        if self.staff and not shown:
            await self.mount(staff_controls(), after="#pane-close")
        elif not self.staff and shown:
            await shown.remove()
        self.screen.refresh_bindings()

    def show_problem(self, text: str) -> None:
        self._problem.update(text)

    def _show(self, items: list[ResourceView], select: int | None = None) -> None:
        """Show ``items`` with ``select`` highlighted, else the resource that was (or the
        one now where it was)."""
        if select is None and (highlighted := self.highlighted) is not None:
            select = highlighted.id
        options = self._list
        keep = options.highlighted
        self.items = items
        options.clear_options()
        new: list[Option | None] = []
        for resource in items:
            new += [Option(resource_prompt(resource), id=f"resource-{resource.id}"), None]
        options.add_options(new[:-1])
        if select is not None:
            keep = next((i for i, r in enumerate(items) if r.id == select), keep)
        if items:
            options.highlighted = min(keep or 0, len(items) - 1)

    # -- moderator controls -------------------------------------------------------------

    @on(Button.Pressed, "#staff Button")
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        action = {
            "pin": self.action_pin,
            "edit": self.action_edit,
            "unpin": self.action_unpin,
            "up": lambda: self.action_move(-1),
            "down": lambda: self.action_move(1),
        }
        action[event.button.id or ""]()

    def action_pin(self) -> None:
        from screens.resource_form import ResourceFormScreen

        if self.staff:
            self.app.push_screen(ResourceFormScreen(board_id=self.board_id), self._changed)

    def action_edit(self) -> None:
        from screens.resource_form import ResourceFormScreen

        resource = self.highlighted
        if self.staff and resource is not None:
            self.app.push_screen(
                ResourceFormScreen(board_id=self.board_id, resource=resource), self._changed
            )

    def action_unpin(self) -> None:
        from screens.confirm import ConfirmScreen

        resource = self.highlighted
        if not self.staff or resource is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._unpin(resource)

        question = Content.assemble(
            "Unpin ", format.line(resource.title, "bold"), "? Nobody will see it any more."
        )
        self.app.push_screen(ConfirmScreen(question, yes="Unpin"), answered)

    def action_move(self, step: int) -> None:
        resource = self.highlighted
        if self.staff and resource is not None:
            self._move(resource.id, step)

    def _changed(self, resource: ResourceView | None) -> None:
        if resource is not None:
            self.reload(select=resource.id)

    @work(group="resource-write")
    async def _unpin(self, resource: ResourceView) -> None:
        if await attempt(self, resources.unpin_resource(actor_of(self.app), resource.id)):
            self.notify("Unpinned.", markup=False)
            self.reload()

    @work(group="resource-write")
    async def _move(self, resource_id: int, step: int) -> None:
        move = resources.move_resource(actor_of(self.app), resource_id, step, self.board_id)
        if await attempt(self, move):
            self.reload(select=resource_id)
