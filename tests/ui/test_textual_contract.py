"""Fails loudly if a Textual upgrade changes the private parts the app relies on.

Every private Textual name is used through screens/textual_compat.py and its drawing
part, screens/textual_drawing.py, and only there: each one they list in RELIED_ON is
checked here against the installed Textual, by kind and signature, with the Textual
behaviour their wrappers depend on; another test keeps every other production file
off Textual's private names. What the wrappers are for is checked by behaviour (below,
in tests/ssh/test_ssh_driver_contract.py, tests/ssh/test_ssh_live_drawing.py and by the
snapshots).
"""

from __future__ import annotations

import ast
import contextvars
import functools
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input
from textual.widgets import OptionList as TextualOptionList

import forum
import screens
from forum.app import ForumApp
from screens import textual_compat, textual_drawing
from screens.board import BoardScreen
from screens.boards import BoardsScreen
from screens.sign_in import SignInScreen
from screens.textual_compat import Private
from tests.ui.conftest import SIZE, screen_text, settle, settled_on

ROOT = Path(__file__).resolve().parents[2]
TEXTUAL = Path(inspect.getfile(App)).parent
SETS = r"self\.{}\s*(?::[^=\n]*)?=[^=]"
"""Source that sets an attribute on self (with or without a type)."""


COMPAT = (textual_compat, textual_drawing)
"""The modules that may use Textual's private names."""
RELIED_ON = textual_compat.RELIED_ON + textual_drawing.RELIED_ON


def resolve(private: Private) -> tuple[object, str]:
    """The module or class that holds `private`, and its name there."""
    module, _, qualified = private.path.partition(":")
    *outer, name = qualified.split(".")
    owner: object = importlib.import_module(module)
    for part in outer:
        owner = getattr(owner, part)
    return owner, name


@pytest.mark.parametrize("private", RELIED_ON, ids=lambda p: p.path)
def test_each_private_textual_part_the_compat_module_relies_on_is_still_there(private):
    owner, name = resolve(private)
    if private.kind == "attribute":  # set on the instance by the class's __init__
        init = inspect.getsource(owner.__init__)  # type: ignore[attr-defined]
        assert re.search(SETS.format(name), init), private.path
        return
    value = getattr(owner, name) if inspect.ismodule(owner) else vars(owner).get(name)
    assert value is not None, f"{private.path} is gone"
    if private.kind == "class":
        assert isinstance(value, type), private.path
    elif private.kind == "property":
        assert isinstance(value, property), private.path
    elif private.kind == "context variable":
        assert isinstance(value, contextvars.ContextVar), private.path
    elif private.kind == "function":
        assert callable(value), private.path
    else:
        if private.kind == "cached method":
            if isinstance(value, classmethod):  # as release_styles_caches makes it
                value = value.__func__
            assert hasattr(value, "cache_info"), f"{private.path} is no longer an lru_cache"
            value = value.__wrapped__
        assert private.kind in ("method", "cached method", "handler"), private.kind
        assert inspect.isfunction(value), private.path
        assert tuple(inspect.signature(value).parameters) == private.params, private.path


def private_names_used(tree: ast.AST) -> set[str]:
    """Private attributes read or set, and private names imported, in `tree`."""
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and re.match(r"_[^_]", node.attr):
            used.add(node.attr)
        elif isinstance(node, ast.ImportFrom) and node.module:
            used |= {alias.name for alias in node.names if re.match(r"_[^_]", alias.name)}
    return used


@pytest.mark.parametrize("module", COMPAT, ids=lambda m: m.__name__)
def test_the_compat_module_lists_every_private_name_it_uses(module):
    tree = ast.parse(inspect.getsource(module))
    listed = {resolve(p)[1] for p in module.RELIED_ON}
    overridden = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    assert private_names_used(tree) | {n for n in overridden if n.startswith("_")} <= listed
    private_modules = {
        f"{node.module}:{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and "._" in node.module
        for alias in node.names
    }
    assert private_modules <= {p.path for p in module.RELIED_ON}


def test_the_compat_modules_own_public_names_are_not_textuals():
    """A hook or a property of its own must not shadow a name Textual already has."""
    for cls, names in (
        (textual_compat.DriverBase, ("app", "terminal_size", "mouse")),
        (textual_compat.HookedStylesheet, ("variables", "parse_rules", "taking_over")),
    ):
        textual_base = cls.__mro__[1]
        assert not [n for n in names if hasattr(textual_base, n)], cls


def test_the_textual_behaviour_the_wrappers_rely_on():
    from textual.widgets.markdown import Markdown, MarkdownBlock

    # prepare_default_screen: what pushing and switching a screen do.
    push, switch = inspect.getsource(App.push_screen), inspect.getsource(App.switch_screen)
    assert "_push_result_callback(" in push and "_load_screen_css(" in push
    assert "_pop_result_callback()" in switch and "_load_screen_css(" in switch
    # HookedStylesheet: parse goes through _parse_rules; reparse is Textual's, re-done.
    assert "self._parse_rules(" in inspect.getsource(Stylesheet.parse)
    reparse = inspect.getsource(Stylesheet.reparse)
    assert "Stylesheet(variables=self._variables)" in reparse
    for step in ("add_source(", "stylesheet.parse()", "self._rules = stylesheet.rules",
                 "self._rules_map = None", "self.source = stylesheet.source",
                 "self._require_parse = False", "_invalid_css.update("):  # fmt: skip
        assert step in reparse, step
    # forget_rendered_options: what Textual's own resize handler does.
    assert "self._clear_caches()" in inspect.getsource(TextualOptionList._on_resize)
    # markdown_blocks_with: each block makes its content through _token_to_content.
    assert "self._token_to_content(token)" in inspect.getsource(MarkdownBlock.build_from_token)
    assert all(issubclass(block, MarkdownBlock) for block in Markdown.BLOCKS.values())
    # settled_virtual_size: the layout sets it, and marks a widget that changed size.
    size_updated = inspect.getsource(Widget._size_updated)
    assert "self.virtual_size = virtual_size" in size_updated
    assert "self._set_dirty()" in size_updated
    assert "_size_updated(" in inspect.getsource(Screen._refresh_layout)
    # repaint_only_what_changed: the layout replaces the map and adds what to repaint.
    from textual._compositor import Compositor

    reflow = inspect.getsource(Compositor.reflow.textuals)
    assert "self._full_map = map" in reflow and "self._dirty_regions.update(" in reflow


async def test_a_screen_covered_by_an_opaque_one_rests_and_one_under_a_dialog_shows():
    from textual.screen import ModalScreen

    # rest_covered_screens: what Textual reads to decide a screen is shown.
    assert "_background_screens" in inspect.getsource(Screen.is_current.fget)
    assert "_background_screens" in inspect.getsource(Screen._compositor_refresh)
    app = App()
    async with app.run_test(size=SIZE) as pilot:
        below, opaque, dialog = Screen(), Screen(), ModalScreen()
        await app.push_screen(below)
        await app.push_screen(opaque)
        await pilot.pause()
        assert not below.is_current  # nothing of it shows: it is not laid out nor drawn
        await app.push_screen(dialog)
        await pilot.pause()
        assert opaque.is_current and not below.is_current  # seen through the dialog
        app.pop_screen()
        app.pop_screen()
        await pilot.pause()
        assert below.is_current


async def test_drawing_only_what_shows_gives_the_strips_textual_would(db):
    from textual._compositor import Compositor
    from textual.geometry import Region

    from models import posting
    from tests.helpers import key, make_thread, make_user
    from tests.ui.test_thread_regressions import open_thread

    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, root = await make_thread(ann, "Rough night", "I can't sleep. " * 30)
    reply = await posting.reply(bob, root, "Same here, most nights. " * 10, key())
    await posting.reply(ann, reply.id, "Thank you for saying so.", key())
    drawn = Compositor._render_chops
    assert drawn.draws_only_what_shows
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_thread(app, pilot, thread_id)
        compositor = screen._compositor
        width, height = SIZE
        # The whole screen, a band across the posts and a corner, every line or some.
        for crop in (Region(0, 0, width, height), Region(0, 5, width, 9), Region(3, 2, 40, 6)):
            for rendered in (lambda y: True, lambda y: y % 3 == 0):
                ours = drawn(compositor, crop, rendered)
                theirs = drawn.textuals(compositor, crop, rendered)
                assert [{cut: strip and list(strip) for cut, strip in line.items()}
                        for line in ours] == [
                    {cut: strip and list(strip) for cut, strip in line.items()}
                    for line in theirs
                ]  # fmt: skip
        assert "Same here, most nights." in screen_text(app)


def textual_private_names() -> set[str]:
    """Private names Textual defines: functions, classes, attributes set on self."""
    names = set()
    for path in TEXTUAL.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"(?:def|class) (_[A-Za-z]\w*)", source))
        names |= set(re.findall(SETS.format(r"(_[A-Za-z]\w*)"), source))
    return names


DEFINITIONS = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
ATTRIBUTE_CALLS = {"getattr", "setattr", "hasattr", "delattr"}


def sets_on_self(node: ast.Attribute) -> bool:
    return isinstance(node.ctx, ast.Store) and getattr(node.value, "id", "") == "self"


NOT_TEXTUAL = {"_replace"}
"""Private-looking names that are not Textual's: NamedTuple's `_replace`."""


def test_no_other_production_file_uses_a_private_textual_name():
    textual = textual_private_names()
    found = []
    for path in sorted([*(ROOT / "forum").rglob("*.py"), *(ROOT / "screens").rglob("*.py")]):
        if path in {Path(inspect.getfile(module)) for module in COMPAT}:
            continue
        source = path.read_text(encoding="utf-8")
        if "textual" not in source:  # no Textual objects (Tortoise has a `_parent` too)
            continue
        where, nodes = path.relative_to(ROOT), list(ast.walk(ast.parse(source)))
        found += [
            f"{where}:{n.lineno} imports from {n.module}"
            for n in nodes
            if isinstance(n, ast.ImportFrom)
            and (n.module or "").startswith("textual")
            and ("._" in (n.module or "") or private_names_used(n))
        ]
        # An attribute this file never sets on self or defines, named like one of Textual's
        # (`app._x`, or getattr(app, "_x")).
        own = {n.attr for n in nodes if isinstance(n, ast.Attribute) and sets_on_self(n)}
        own |= {n.name for n in nodes if isinstance(n, DEFINITIONS)}
        theirs = textual - own - NOT_TEXTUAL
        for node in nodes:
            if isinstance(node, ast.Attribute) and node.attr in theirs:
                found.append(f"{where}:{node.lineno} uses .{node.attr}")
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") in ATTRIBUTE_CALLS:
                named = [a.value for a in node.args if isinstance(a, ast.Constant)]
                found += [f"{where}:{node.lineno} uses {n}" for n in named if n in theirs]
    found += names_shared_with_textual_bases()
    assert found == [], (
        "Textual's private names, outside screens/textual_compat.py and textual_drawing.py"
        " (use a wrapper there),"
        " or ours named like Textual's (rename ours)"
    )


KNOWN_SHARED: set[str] = set()
"""Names knowingly shared with a Textual base class (none)."""


def names_shared_with_textual_bases() -> list[str]:
    """Our subclasses of Textual's classes that set, read or define a private name their
    Textual bases also have (as Driver's `_size`): that is using Textual's own."""
    shared = []
    for package in (forum, screens):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if info.name.endswith("__main__") or info.name == "screens.textual_compat":
                continue
            module = importlib.import_module(info.name)
            if info.ispkg or not module.__file__:
                continue
            tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
            for node in tree.body:
                cls = getattr(module, getattr(node, "name", ""), None)
                if not isinstance(node, ast.ClassDef) or not isinstance(cls, type):
                    continue
                names = {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}
                names |= {n.name for n in node.body if isinstance(n, DEFINITIONS)}
                for name in sorted(n for n in names if re.match(r"_[^_]", n)):
                    base = textual_base_with(cls, name)
                    qualified = f"{module.__name__}.{cls.__name__}.{name}"
                    if base is not None and qualified not in KNOWN_SHARED:
                        shared.append(f"{qualified} is {base.__name__}'s")
    return shared


@functools.cache
def module_source(name: str) -> str:
    return inspect.getsource(importlib.import_module(name))


def textual_base_with(cls: type, name: str) -> type | None:
    """The first of `cls`'s Textual bases that defines `name` or sets it on self."""
    for base in cls.__mro__[1:]:
        if base.__module__.startswith("textual") and (
            name in vars(base) or re.search(SETS.format(name), module_source(base.__module__))
        ):
            return base
    return None


async def test_a_new_screen_is_styled_and_drawn_in_full_once_and_follows_a_resize(db, monkeypatch):
    """lay_out_new_screens_once: Textual 8.2 restyled a new screen twice more after
    mounting it (the boards, then a board) and drew the first screen in full twice
    before the first key; the window's own size changes still lay it out and restyle
    it. (A board is drawn in full again when its list takes the focus, as it loads:
    Textual redraws a whole screen when its focus moves.)"""
    from textual._compositor import Compositor
    from textual.dom import DOMNode

    drawn_in_full: list[Screen] = []
    restyled: list[Screen] = []
    textual_full, textual_restyle = Compositor.render_full_update, DOMNode.update_node_styles

    def render_full_update(self, *args, **kwargs):
        drawn_in_full.append(self.root)
        return textual_full(self, *args, **kwargs)

    def update_node_styles(self, *args, **kwargs):
        if isinstance(self, Screen):
            restyled.append(self)
        return textual_restyle(self, *args, **kwargs)

    monkeypatch.setattr(Compositor, "render_full_update", render_full_update)
    monkeypatch.setattr(DOMNode, "update_node_styles", update_node_styles)
    app = ForumApp(start="guest")
    async with app.run_test(size=SIZE) as pilot:
        boards = await settled_on(pilot, BoardsScreen)
        assert "-wide" in boards.classes and "Get help now" in screen_text(app)
        assert drawn_in_full == [boards] and restyled == []
        await pilot.press("enter")  # the first board
        board = await settled_on(pilot, BoardScreen)
        assert restyled == [] and drawn_in_full[0] is boards and board in drawn_in_full
        await pilot.resize_terminal(50, 20)
        text = await settle(pilot)
        assert board.outer_size == (50, 20) and "-narrow" in board.classes
        assert "ctrl+g help" in text and restyled == [board]


async def test_the_first_screen_is_styled_and_can_be_replaced(db):
    app = ForumApp()
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen_stack == [app.screen] and isinstance(app.screen, SignInScreen)
        form = app.screen.query_one("#form")
        # sign_in.tcss is loaded: the form is a bordered box, not the full width.
        assert form.styles.border_top[0] != "" and form.region.width < SIZE[0]
        assert isinstance(app.screen.focused, Input)
        await pilot.press("ctrl+b")  # browse as a guest replaces the sign-in screen
        await settle(pilot)
        assert isinstance(app.screen, BoardsScreen)
        assert len(app.screen_stack) == 1


INTENDED_OVERRIDES = {
    "compose", "render", "render_lines", "check_action",
    "get_default_screen", "get_system_commands", "open_url", "action_quit",
    "update",  # PostMarkdown: the text in its terminal form, as at construction
    "refresh", "arrange", "get_content_height",  # PlainBox: laid out and painted less
}  # fmt: skip
"""Textual methods our screens and widgets replace on purpose."""


def test_no_screen_or_widget_method_replaces_a_textual_one_by_accident():
    """A method named like one of Textual's replaces it: a screen's own `remove(key)`
    once replaced `Widget.remove()`, and leaving the screen ended the session."""
    from textual.widget import Widget

    modules = [importlib.import_module("forum.app")] + [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(screens.__path__, "screens.")
    ]
    clashes = []
    for module in modules:
        for cls in vars(module).values():
            if not (isinstance(cls, type) and issubclass(cls, Widget | App)):
                continue
            if cls.__module__ != module.__name__:
                continue
            textual = [b for b in cls.__mro__[1:] if b.__module__.startswith("textual")]
            for name, value in vars(cls).items():
                if name.startswith("__") or name in INTENDED_OVERRIDES:
                    continue
                if not (inspect.isfunction(value) or isinstance(value, property)):
                    continue
                if any(name in vars(base) for base in textual):
                    clashes.append(f"{cls.__name__}.{name}")
    assert clashes == []
