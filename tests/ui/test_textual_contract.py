"""Fails loudly if a Textual upgrade changes the private parts the app relies on.

ForumApp makes its first screen the bottom of the stack (get_default_screen) and so does
two things Textual only does for pushed screens, through private methods; our OptionList
replaces Textual's resize handler. Their names and signatures are checked here; what
they are for is checked by behaviour below and by the snapshots.
"""

from __future__ import annotations

import inspect

from textual.app import App
from textual.screen import Screen
from textual.widgets import Input
from textual.widgets import OptionList as TextualOptionList

from forum.app import ForumApp
from screens.boards import BoardsScreen
from screens.sign_in import SignInScreen
from tests.ui.conftest import SIZE, settle


def test_private_screen_methods_the_app_uses():
    assert list(inspect.signature(App._load_screen_css).parameters) == ["self", "screen"]
    assert list(inspect.signature(Screen._push_result_callback).parameters) == [
        "self",
        "requester",
        "callback",
        "future",
    ]


def test_private_markdown_parts_post_markdown_relies_on():
    """PostMarkdown mutes link addresses by wrapping each block's _token_to_content."""
    from textual.widgets import Markdown
    from textual.widgets._markdown import MarkdownBlock

    assert list(inspect.signature(MarkdownBlock._token_to_content).parameters) == [
        "self",
        "token",
    ]
    assert all(issubclass(block, MarkdownBlock) for block in Markdown.BLOCKS.values())


def test_private_option_list_methods_ours_relies_on():
    assert list(inspect.signature(TextualOptionList._on_resize).parameters) == ["self"]
    assert list(inspect.signature(TextualOptionList._clear_caches).parameters) == ["self"]
    assert "_on_resize" in vars(TextualOptionList)  # what ours replaces is still there


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
    "compose", "render", "render_lines", "check_action", "_on_paste", "_on_resize",
    "get_default_screen", "get_system_commands", "open_url", "action_quit",
    "update",  # PostMarkdown: the text in its terminal form, as at construction
    "_on_key",  # SafeInput, DraftArea: they insert a typed ZWNJ/ZWJ, which Textual drops
}  # fmt: skip
"""Textual methods our screens and widgets replace on purpose."""


def test_no_screen_or_widget_method_replaces_a_textual_one_by_accident():
    """A method named like one of Textual's replaces it: a screen's own `remove(key)`
    once replaced `Widget.remove()`, and leaving the screen ended the session."""
    import importlib
    import pkgutil

    from textual.widget import Widget

    import screens
    import screens.widgets

    modules = [importlib.import_module("forum.app")] + [
        importlib.import_module(f"{package.__name__}.{info.name}")
        for package in (screens, screens.widgets)
        for info in pkgutil.iter_modules(package.__path__)
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
