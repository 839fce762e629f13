"""Fails loudly if a Textual or asyncssh upgrade changes what forum.ssh relies on.

forum.ssh runs Apps in the server process through a custom driver. The private Textual
parts it needs are reached through screens/textual_compat.py, whose every private name
tests/ui/test_textual_contract.py checks; here, the public Textual and asyncssh parts
the server relies on, and what the compat wrappers it calls do.
"""

from __future__ import annotations

import inspect
import io
import time

import asyncssh
import pytest
import textual
from textual import constants, events
from textual.app import App
from textual.color import Color
from textual.css.stylesheet import Stylesheet
from textual.driver import Driver
from textual.geometry import Size

from forum.ssh.driver import ChannelLink, SSHDriver
from forum.ssh.limits import Limits
from screens.textual_compat import (
    HookedStylesheet,
    InputParser,
    ParseError,
    colour_filters,
    crash_of,
    running_app,
    share_print_capture,
)


def params(function) -> dict[str, inspect.Parameter]:
    return dict(inspect.signature(function).parameters)


def test_textual_minor_version_is_the_one_checked():
    assert textual.__version__.startswith("8.2."), (
        f"Textual {textual.__version__}: re-check screens/textual_compat.py and forum/ssh "
        "against its driver, App and parser internals, then update this test"
    )


def test_driver_constructor_and_abstract_methods():
    p = params(Driver.__init__)
    assert list(p)[:2] == ["self", "app"]
    for name in ("debug", "mouse", "size"):
        assert p[name].kind is inspect.Parameter.KEYWORD_ONLY
    assert Driver.__abstractmethods__ == {
        "write",
        "start_application_mode",
        "disable_input",
        "stop_application_mode",
    }
    assert list(params(Driver.open_url)) == ["self", "url", "new_tab"]
    assert list(params(Driver.deliver_binary)) == list(params(SSHDriver.deliver_binary))
    for name in ("process_message", "send_message", "flush", "close"):
        assert callable(getattr(Driver, name))
    assert isinstance(Driver.can_suspend, property)


async def test_the_driver_reads_what_textuals_driver_keeps():
    class FakeChannel:
        def write(self, data):
            pass

        def get_write_buffer_size(self):
            return 0

        def set_write_buffer_limits(self, high=None, low=None):
            pass

        def close(self):
            pass

    app = App()
    link = ChannelLink(FakeChannel(), size=(90, 30), limits=Limits())
    driver = SSHDriver(app, debug=False, mouse=True, size=None, link=link)
    assert driver.app is app
    assert driver.terminal_size == (90, 30)
    assert driver.mouse is True
    assert driver.can_suspend is False
    assert link.driver is driver
    driver.resize(100, 40)
    assert driver.terminal_size == (100, 40)


async def test_app_internals_used_by_the_server():
    app = App()
    for name in ("driver_class", "console", "error_console"):
        assert hasattr(app, name), name
    assert crash_of(app) is None
    assert {"size", "mouse", "headless"} <= set(params(App.run_async))
    assert "markup" in params(App.notify)
    assert isinstance(App.is_running, property)  # driver.repaint checks it
    # App.size reads the driver's size; _build_driver calls driver_class with keywords;
    # the run redirects stdio to the app's capture objects (shared by stdio.py).
    assert "self._driver._size" in inspect.getsource(App.size.fget)
    build = inspect.getsource(App._build_driver)
    assert "driver_class(" in build and "size=size" in build and "mouse=mouse" in build
    run = inspect.getsource(App._process_messages)
    assert "redirect_stdout(self._capture_stdout)" in run
    assert "redirect_stderr(self._capture_stderr)" in run


async def test_the_running_app_and_its_crash_are_found():
    class Crashing(App[None]):
        def on_mount(self) -> None:
            raise LookupError("a bug")

    assert running_app() is None
    app = Crashing()
    with pytest.raises(LookupError):
        async with app.run_test():
            assert running_app() is app
    assert isinstance(crash_of(app), LookupError)


async def test_a_print_in_a_running_app_goes_to_the_shared_capture():
    out, err = io.StringIO(), io.StringIO()
    app = App()
    share_print_capture(app, out, err)
    async with app.run_test():
        print("to the capture")
    assert out.getvalue() == "to the capture\n" and err.getvalue() == ""


def test_events_used_by_the_driver():
    size = Size(10, 5)
    assert events.Resize(size, size).size == size
    failed = events.DeliveryFailed(key="k", exception=ValueError("x"), name=None)
    assert failed.key == "k"
    assert isinstance(constants.ESCAPE_DELAY, float)
    assert isinstance(constants.DISABLE_KITTY_KEY, bool)


def test_input_parser_feed_and_tick():
    parser = InputParser(debug=False)
    keys = [e.key for e in parser.feed("a\x1b[A") if isinstance(e, events.Key)]
    assert keys == ["a", "up"]
    assert list(parser.feed("\x1b")) == []  # a lone ESC waits...
    assert list(parser.tick()) == []
    time.sleep(constants.ESCAPE_DELAY + 0.01)
    assert [e.key for e in parser.tick()] == ["escape"]  # ...until tick() after the delay
    mouse = list(parser.feed("\x1b[<0;5;3M"))
    assert isinstance(mouse[0], events.MouseDown) and (mouse[0].x, mouse[0].y) == (4, 2)
    kitty = [e.key for e in parser.feed("\x1b[97;5u")]  # parsed, and not cached
    assert kitty == ["ctrl+a"] and not hasattr(InputParser._parse_extended_key, "cache_info")
    assert list(parser.feed("")) == []  # the end of input...
    with pytest.raises(ParseError):
        list(parser.feed("a"))  # ...after which the driver stops feeding


def test_asyncssh_pieces_used_by_the_server():
    server_api = asyncssh.SSHServer
    for name in (
        "connection_made", "connection_lost", "begin_auth", "auth_completed",
        "password_auth_supported", "validate_password", "public_key_auth_supported",
        "validate_public_key", "session_requested",
    ):  # fmt: skip
        assert hasattr(server_api, name), name
    session_api = asyncssh.SSHServerSession
    for name in ("pty_requested", "terminal_size_changed", "pause_writing", "resume_writing"):
        assert hasattr(session_api, name), name
    for name in ("get_write_buffer_size", "set_write_buffer_limits", "get_environment", "exit"):
        assert hasattr(asyncssh.SSHServerChannel, name), name
    # connection.py recognises these two limits by asyncssh's messages when it logs them.
    source = inspect.getsource(asyncssh.connection)
    assert "Login timeout expired" in source
    assert "not responding to keepalive" in source
    # Still no built-in attempt cap: if one appears, prefer it to ours.
    options = params(asyncssh.SSHServerConnectionOptions.prepare)
    assert not any("auth_attempts" in name or "max_auth" in name for name in options)


def test_a_hooked_stylesheet_parses_through_its_hook_and_reparses_into_its_class():
    parsed = []

    class Counting(HookedStylesheet):
        def parse_rules(self, css, read_from, *args):
            parsed.append(read_from)
            return super().parse_rules(css, read_from, *args)

    old = Stylesheet(variables={"accent": "red"})
    old.add_source("Label { color: $accent; }", read_from=("a.tcss", ""))
    sheet = Counting.taking_over(old)
    assert sheet.variables == {"accent": "red"} and sheet.source == old.source
    assert sheet.rules[0].styles.color == Color.parse("red")
    sheet.reparse()
    assert isinstance(sheet, Counting) and parsed == [("a.tcss", ""), ("a.tcss", "")]
    app = App()
    assert isinstance(app.stylesheet, Stylesheet)
    # forum.ssh.styles shares parsed rules through reparse, which a new screen's CSS runs.
    assert "self.stylesheet.reparse()" in inspect.getsource(App._load_screen_css)


def test_app_colour_filters_are_a_list_the_session_can_change():
    from textual.filter import ANSIToTruecolor, Monochrome

    app = App()
    filters = colour_filters(app)
    assert any(isinstance(f, ANSIToTruecolor) for f in filters)
    assert isinstance(app.no_color, bool)
    filters.append(Monochrome())
    assert any(isinstance(f, Monochrome) for f in app.get_line_filters())
