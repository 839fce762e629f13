"""Every private part of Textual the forum relies on, in one place.

Textual is pinned to its minor version (pyproject.toml: textual~=8.2.8) because the SSH
server runs each session's App in-process through a driver of its own, and a few
workarounds reach into Textual's internals. Production code uses only the wrappers
here, never a private Textual name or module; each wrapper says what it relies on, and
`RELIED_ON` lists every private name, which tests/ui/test_textual_contract.py checks
against the installed Textual (and that no other production file names one). After a
Textual upgrade, that test and tests/ssh/test_ssh_driver_contract.py say what changed.

The module lives in `screens`, not `forum.ssh`: widgets in `screens.widgets` need it
too, and layers point one way (forum -> screens -> models), so `screens` cannot import
`forum` while `forum.ssh` can import this.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary, WeakSet

from textual._context import active_app
from textual._parser import ParseError  # what XTermParser.feed raises once it has ended
from textual._styles_cache import StylesCache
from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.css.stylesheet import CSSLocation, Stylesheet
from textual.driver import Driver

from screens.textual_private import Private

if TYPE_CHECKING:
    from textual.app import App
    from textual.content import Content
    from textual.css.model import RuleSet
    from textual.filter import LineFilter
    from textual.geometry import Size
    from textual.reactive import Reactive
    from textual.screen import Screen
    from textual.widgets import OptionList
    from textual.widgets.markdown import MarkdownBlock

__all__ = [
    "RELIED_ON",
    "DriverBase",
    "HookedStylesheet",
    "InputParser",
    "ParseError",
    "colour_filters",
    "crash_of",
    "flush_for_app",
    "forget_rendered_options",
    "lay_out_new_screens_once",
    "markdown_blocks_with",
    "prepare_default_screen",
    "print_for_app",
    "release_styles_caches",
    "rest_covered_screens",
    "running_app",
    "settled_virtual_size",
    "share_print_capture",
]


RELIED_ON: tuple[Private, ...] = (
    Private("textual._context:active_app", "context variable"),
    Private("textual._parser:ParseError", "class"),
    Private("textual._xterm_parser:XTermParser", "class"),
    Private("textual._xterm_parser:XTermParser._parse_extended_key", "cached method",
            ("self", "sequence")),
    Private("textual._styles_cache:StylesCache", "class"),
    Private("textual._styles_cache:StylesCache.get_inner_outer", "cached method",
            ("cls", "base_background", "background")),
    Private("textual.driver:Driver._app", "attribute"),
    Private("textual.driver:Driver._size", "attribute"),
    Private("textual.driver:Driver._mouse", "attribute"),
    Private("textual.app:App._exception", "attribute"),
    Private("textual.app:App._filters", "attribute"),
    Private("textual.app:App._capture_stdout", "attribute"),
    Private("textual.app:App._capture_stderr", "attribute"),
    Private("textual.app:App._print", "method", ("self", "text", "stderr")),
    Private("textual.app:App._flush", "method", ("self", "stderr")),
    Private("textual.app:App._load_screen_css", "method", ("self", "screen")),
    Private("textual.app:App._background_screens", "property"),
    Private("textual.widget:Widget._size_updated", "method",
            ("self", "size", "virtual_size", "container_size", "layout")),
    Private("textual.app:App._screen_stack", "property"),
    Private("textual.app:App._register", "method",
            ("self", "parent", "widgets", "before", "after", "cache")),
    Private("textual.screen:Screen._screen_resized", "method", ("self", "size")),
    Private("textual.screen:Screen._on_screen_resume", "handler", ("self", "event")),
    Private("textual.screen:Screen._on_update", "handler", ("self", "message")),
    Private("textual._time:get_time", "function"),
    Private("textual._compositor:Compositor.widgets", "attribute"),
    Private("textual.screen:Screen._get_breakpoint_classes", "method",
            ("self", "dimension", "breakpoints")),
    Private("textual.screen:Screen._compositor", "attribute"),
    Private("textual.widget:Widget._repaint_required", "attribute"),
    Private("textual.widget:Widget._exchange_repaint_regions", "method", ("self",)),
    Private("textual.screen:Screen._push_result_callback", "method",
            ("self", "requester", "callback", "future")),
    Private("textual.css.stylesheet:Stylesheet._variables", "attribute"),
    Private("textual.css.stylesheet:Stylesheet._rules", "attribute"),
    Private("textual.css.stylesheet:Stylesheet._rules_map", "attribute"),
    Private("textual.css.stylesheet:Stylesheet._require_parse", "attribute"),
    Private("textual.css.stylesheet:Stylesheet._invalid_css", "attribute"),
    Private("textual.css.stylesheet:Stylesheet._parse_rules", "method",
            ("self", "css", "read_from", "is_default_rules", "tie_breaker", "scope")),
    Private("textual.widgets._option_list:OptionList._clear_caches", "method", ("self",)),
    Private("textual.widgets._option_list:OptionList._on_resize", "handler", ("self",)),
    Private("textual.widgets._markdown:MarkdownBlock._token_to_content", "method",
            ("self", "token")),
)  # fmt: skip
"""Every private Textual name used below; the contract test checks each one."""


# The driver ---------------------------------------------------------------------------


class DriverBase(Driver):
    """Textual's Driver, with what its subclasses need from it under names of their own."""

    @property
    def app(self) -> App[Any]:
        """The App this driver runs. Relies on: Driver.__init__ keeping it as `_app`."""
        return self._app

    @property
    def terminal_size(self) -> tuple[int, int] | None:
        """The terminal's size as (columns, rows). Relies on: Driver.__init__ keeping the
        `size` it was given as `_size`, which App.size reads until the App's first
        Resize event."""
        return self._size

    @terminal_size.setter
    def terminal_size(self, size: tuple[int, int]) -> None:
        self._size = size

    @property
    def mouse(self) -> bool:
        """Whether the App wants mouse reports. Relies on: Driver.__init__ keeping its
        `mouse` argument as `_mouse`."""
        return self._mouse


class InputParser(XTermParser):
    """Textual's input parser (textual._xterm_parser.XTermParser: feed(text) and tick()
    give events) without its class-wide cache of Kitty key sequences.

    Textual 8.2 caches `_parse_extended_key(sequence)` with `lru_cache` on the method, so
    the cache's keys hold the parser itself, up to 1,024 of them: in a server each is a
    session's parser, and through it (the events it last made) that session's whole App,
    kept alive after the session ends (about 1.7 MB each). The parsing is a regular
    expression and a few lookups per key: done afresh here. Relies on: the cached
    method's `__wrapped__`, the plain function.
    """

    _parse_extended_key = XTermParser._parse_extended_key.__wrapped__  # type: ignore[attr-defined]


# The App ------------------------------------------------------------------------------


def prepare_default_screen(app: App[Any], screen: Screen[Any]) -> None:
    """Do for `screen`, returned by `get_default_screen`, what Textual does only for a
    pushed screen: load its CSS file and record the result callback that switch_screen
    removes when it replaces the screen. Relies on: App._load_screen_css(screen) and
    Screen._push_result_callback(requester, callback, future=None), which
    App.push_screen and App.switch_screen call (and App._init_mode does not)."""
    app._load_screen_css(screen)
    screen._push_result_callback(app, None)


def colour_filters(app: App[Any]) -> list[LineFilter]:
    """The App's line filters (NoColor, Monochrome, ANSIToTruecolor...), as the list it
    reads: change it in place. Relies on: App.__init__ building them into the list
    `_filters`, which App.get_line_filters reads on every frame."""
    return app._filters


def crash_of(app: App[Any]) -> BaseException | None:
    """The exception that ended `app`, if one did (Textual shows it and exits with code
    1). Relies on: App._handle_exception keeping the first one as `_exception`."""
    return app._exception


def running_app() -> App[Any] | None:
    """The App running in the current task, or None. Relies on: the context variable
    textual._context.active_app, which App sets for its own task."""
    return active_app.get(None)


def share_print_capture(app: App[Any], stdout: Any, stderr: Any) -> None:
    """Make `stdout`/`stderr` the streams `app` redirects sys.stdout/sys.stderr to while
    it runs. Relies on: App._process_messages running the App inside
    redirect_stdout(self._capture_stdout) and redirect_stderr(self._capture_stderr)."""
    app._capture_stdout = stdout
    app._capture_stderr = stderr


def print_for_app(app: App[Any], text: str, *, stderr: bool) -> None:
    """Hand printed text to `app` as its own capture does: devtools, then widgets that
    asked for prints (begin_capture_print). Relies on: App._print(text, stderr=)."""
    app._print(text, stderr=stderr)


def flush_for_app(app: App[Any], *, stderr: bool) -> None:
    """Pass a flush of printed text on to `app`. Relies on: App._flush(stderr=)."""
    app._flush(stderr=stderr)


def rest_covered_screens() -> None:
    """Let a screen that another screen covers rest: no layout, no drawing, until it
    shows again.

    Textual 8.2 counts the screen under the top one as shown (`Screen.is_current`), even
    when the top screen is opaque and nothing of it can be seen: every change there (a
    board's row counting a new reply, under the thread the reader has open) lays that
    screen out and then redraws every region it touched on the top screen, most often
    the whole of it. Here a screen under an opaque one is not shown; its widgets still
    change, and Textual lays it out and draws it in full when it is in front again
    (`Screen._on_screen_resume`). Under a see-through screen (a dialog) nothing changes.
    Relies on: App._background_screens, the screens that show through the top one, which
    Screen.is_current and Screen._compositor_refresh read, and App._screen_stack.
    Installed for the whole process when this module is first imported.
    """
    from textual.app import App

    textual_own = App.__dict__["_background_screens"]
    if getattr(textual_own.fget, "rests_covered", False):
        return

    def _background_screens(app: App[Any]) -> list[Screen[Any]]:
        stack = app._screen_stack
        if stack and stack[-1].styles.background.a == 1:
            return []
        return textual_own.fget(app)

    _background_screens.rests_covered = True  # type: ignore[attr-defined]
    App._background_screens = property(_background_screens)  # type: ignore[method-assign, assignment]


def lay_out_new_screens_once() -> None:
    """Style, lay out and draw a new screen once, and lay it out again only when the
    terminal's size changes.

    Textual 8.2 styles a new screen three times and lays it out four times before the
    person has pressed a key, two of those drawn in full: as it is mounted it is styled
    without its breakpoint class (``-wide``), which the first Resize then sets, styling
    the whole screen again; its first ScreenResume styles it again, lays it out and draws
    it in full, yet the redraws asked for before (as it was styled and focused) and the
    one it then asks for itself (`self.refresh()`) are drawn in full again on the next
    tick; then the app's Resize, and the Resize that first layout sends the screen itself
    (as it does every widget it placed), each lay it out again at the same size. Here a
    screen gets its breakpoint classes before it is styled; a Resize to the size the
    screen was last laid out at lays nothing out (the breakpoint classes are still set,
    and a widget that needs a layout has asked for one); a screen's first resume styles
    nothing again, and once its layout has drawn all of it, nothing asked for before is
    drawn again: neither the screen nor any widget on it (their requests, made as they
    were mounted, styled and focused, reached the screen after the drawing and drew most
    of it a second time). Relies on: App._register(parent, *widgets), which styles each widget it
    mounts, a screen first; Screen._get_breakpoint_classes(dimension, breakpoints), which
    Screen._on_resize sets; Screen._screen_resized(size), which Screen._on_resize calls
    for the screen and each background screen; Screen._compositor, whose `size` is that
    of the last layout; Screen._on_screen_resume(event), which restyles when
    `event.refresh_styles` and lays out (a first layout draws in full) when the screen's
    outer size is not the app's; Widget._repaint_required and
    Widget._exchange_repaint_regions(), the redraw a widget has asked for, which the
    screen's update timer reads; Screen._on_update(message), which adds the widget of an
    Update message (sent when its redraw was asked for, and stamped with textual._time's
    get_time) to the widgets to draw; Compositor.widgets, the widgets placed. Installed
    for the whole process when this module is first imported.
    """
    from textual.app import App
    from textual.screen import Screen

    if getattr(Screen._screen_resized, "lays_out_once", False):
        return
    textual_register, textual_resized = App._register, Screen._screen_resized
    textual_resume, textual_update = Screen._on_screen_resume, Screen._on_update
    resumed: WeakSet[Screen[Any]] = WeakSet()
    drawn_at: WeakKeyDictionary[Screen[Any], float] = WeakKeyDictionary()
    """When each new screen was drawn in full by its first layout."""

    def _register(
        self: App[Any],
        parent: Any,
        *widgets: Any,
        before: int | None = None,
        after: int | None = None,
        cache: Any = None,
    ) -> Any:
        for screen in widgets:
            if isinstance(screen, Screen) and not screen.is_attached:
                screen.update_classes(breakpoint_classes(self, screen), update=False)
        return textual_register(self, parent, *widgets, before=before, after=after, cache=cache)

    def _screen_resized(self: Screen[Any], size: Size) -> None:
        if self._compositor.size != size:
            textual_resized(self, size)

    def _on_screen_resume(self: Screen[Any], event: Any) -> None:
        first = self not in resumed
        resumed.add(self)
        if first:
            event.refresh_styles = False  # styled as it was mounted, a moment ago
        lays_out = first and self.is_attached and self.outer_size != self.app.size
        textual_resume(self, event)
        if lays_out:  # that layout drew all of it: what asked for a redraw has had it
            drawn_at[self] = get_time()
            for widget in (self, *self._compositor.widgets):
                widget._repaint_required = False
                widget._exchange_repaint_regions()

    async def _on_update(self: Screen[Any], message: Any) -> None:
        if message.time <= drawn_at.get(self, float("-inf")):
            message.stop()
            message.prevent_default()
            return  # asked for before the screen was drawn in full
        await textual_update(self, message)

    def breakpoint_classes(app: App[Any], screen: Screen[Any]) -> dict[str, bool]:
        classes: dict[str, bool] = {}
        for dimension, own, apps in (
            (app.size.width, screen.HORIZONTAL_BREAKPOINTS, app.HORIZONTAL_BREAKPOINTS),
            (app.size.height, screen.VERTICAL_BREAKPOINTS, app.VERTICAL_BREAKPOINTS),
        ):
            chosen = (apps if own is None else own) or []
            classes |= dict.fromkeys((name for _, name in chosen), False)
            classes |= dict.fromkeys(screen._get_breakpoint_classes(dimension, chosen), True)
        return classes

    _screen_resized.lays_out_once = True  # type: ignore[attr-defined]
    App._register = _register  # type: ignore[method-assign]
    Screen._screen_resized = _screen_resized  # type: ignore[method-assign]
    Screen._on_screen_resume = _on_screen_resume  # type: ignore[method-assign]
    Screen._on_update = _on_update  # type: ignore[method-assign]


# Widgets that do not scroll -----------------------------------------------------------


def settled_virtual_size() -> Reactive[Size]:
    """A `virtual_size` for a widget class that never scrolls (``virtual_size =
    settled_virtual_size()`` in its body).

    Textual sets every widget's virtual size as it lays the screen out, and its reactive
    then asks for a second layout, and a redraw of the whole widget, each time it
    changes: for every widget just mounted and every container that grew. A thread's
    new reply so cost two layouts and two frames, the second redrawing the whole thread.
    A widget that does not scroll has nothing to lay out again: the layout that set it
    has placed it, and has marked it for redrawing if its size changed. Relies on:
    Widget._size_updated, which Screen._refresh_layout calls for each widget it placed,
    setting `virtual_size` and calling `_set_dirty()` when the size changed.
    """
    from textual.geometry import Size
    from textual.reactive import Reactive

    return Reactive(Size(0, 0), layout=False, repaint=False)


# CSS ----------------------------------------------------------------------------------


class HookedStylesheet(Stylesheet):
    """Textual's Stylesheet with a public hook for parsing one CSS source, `parse_rules`,
    and a `reparse` that keeps the subclass (Textual's builds a plain Stylesheet)."""

    @classmethod
    def taking_over(cls, old: Stylesheet) -> HookedStylesheet:
        """A stylesheet of this class with `old`'s variables and sources, parsed when
        first used. Relies on: Stylesheet keeping its variables as `_variables`."""
        sheet = cls(variables=old._variables)
        for read_from, (css, is_defaults, tie_breaker, scope) in old.source.items():
            sheet.add_source(
                css, read_from=read_from, is_default_css=is_defaults,
                tie_breaker=tie_breaker, scope=scope,
            )  # fmt: skip
        return sheet

    @property
    def variables(self) -> dict[str, str]:
        """The CSS variables. Relies on: Stylesheet keeping them as `_variables`, a dict
        that set_variables replaces (never changes in place)."""
        return self._variables

    def parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        """The rules in one CSS source; override to change how a source is parsed.
        Relies on: Stylesheet._parse_rules(css, read_from, is_default_rules,
        tie_breaker, scope), which Stylesheet.parse calls for each source."""
        return super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        return self.parse_rules(css, read_from, is_default_rules, tie_breaker, scope)

    def reparse(self) -> None:
        """Textual's Stylesheet.reparse, step by step, parsing into this class. Relies
        on: its private state `_invalid_css`, `_rules`, `_rules_map`, `_require_parse`."""
        fresh = self.taking_over(self)
        try:
            fresh.parse()
        except Exception:
            self._invalid_css.update(fresh._invalid_css)
            raise
        self._rules = fresh.rules
        self._rules_map = None
        self.source = fresh.source
        self._require_parse = False


def release_styles_caches() -> None:
    """Make `StylesCache.get_inner_outer` the class-level cache it was meant to be.

    Textual 8.2's textual._styles_cache.StylesCache.get_inner_outer(base_background,
    background) is an `lru_cache` on a method that lacks `@classmethod`, so its keys
    hold StylesCache instances and up to 1024 widgets' caches, with their rendered
    lines, outlive the sessions that drew them (in a server, tens of MB). Keyed on the
    colours alone here. Relies on: that cached method's `__wrapped__`; once Textual
    makes it a classmethod this does nothing.
    """
    method = StylesCache.__dict__["get_inner_outer"]
    if isinstance(method, classmethod):
        return
    StylesCache.get_inner_outer = classmethod(lru_cache(1024)(method.__wrapped__))  # type: ignore[assignment, method-assign]


# Widgets ------------------------------------------------------------------------------


def forget_rendered_options(option_list: OptionList) -> None:
    """Make `option_list` render its options afresh. Relies on: OptionList._clear_caches(),
    which OptionList's own Resize handler, `_on_resize`, calls on every resize."""
    option_list._clear_caches()


def markdown_blocks_with(
    transform: Callable[[Content], Content],
) -> dict[str, type[MarkdownBlock]]:
    """Textual's Markdown blocks (Markdown.BLOCKS), each passing its inline content
    through `transform`. Same names, and Textual's block the only base: Textual takes CSS
    (and type names) from the first base, so the stylesheet's rules for Textual's blocks
    still apply. Relies on: MarkdownBlock._token_to_content(token) -> Content, which a
    block calls for each inline token."""
    from textual.widgets.markdown import Markdown  # only where posts are shown

    def with_transform(block: type[MarkdownBlock]) -> type[MarkdownBlock]:
        def _token_to_content(self: MarkdownBlock, token: Any) -> Content:
            return transform(block._token_to_content(self, token))

        return type(block.__name__, (block,), {"_token_to_content": _token_to_content})

    return {name: with_transform(block) for name, block in Markdown.BLOCKS.items()}


rest_covered_screens()
lay_out_new_screens_once()
from screens import textual_drawing  # noqa: E402  (its patches apply as it is imported)

__all__ += ["textual_drawing"]
