"""Fails loudly if a Textual or asyncssh upgrade changes what forum.ssh relies on.

forum.ssh runs Apps in the server process through a custom driver, which leans on
private Textual APIs (see forum/ssh/driver.py, session.py, stdio.py). Every one of them
is checked here by name and signature; behaviour is covered by the other tests.
"""

from __future__ import annotations

import contextvars
import inspect
import time

import asyncssh
import textual
from textual import constants, events
from textual._context import active_app
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.driver import Driver
from textual.geometry import Size

from forum.ssh.driver import ChannelLink, SSHDriver
from forum.ssh.limits import Limits


def params(function) -> dict[str, inspect.Parameter]:
    return dict(inspect.signature(function).parameters)


def test_textual_minor_version_is_the_one_checked():
    assert textual.__version__.startswith("8.2."), (
        f"Textual {textual.__version__}: re-check forum/ssh against its driver, App and "
        "parser internals, then update this test"
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


async def test_driver_base_sets_the_attributes_used():
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
    assert driver._app is app
    assert driver._size == (90, 30)
    assert driver._mouse is True
    assert driver.can_suspend is False
    assert link.driver is driver


async def test_app_internals_used_by_the_server():
    app = App()
    for name in ("driver_class", "console", "error_console", "_capture_stdout", "_capture_stderr"):
        assert hasattr(app, name), name
    assert app._exception is None
    assert list(params(app._print)) == ["text", "stderr"]
    assert list(params(app._flush)) == ["stderr"]
    assert {"size", "mouse", "headless"} <= set(params(App.run_async))
    assert "markup" in params(App.notify)
    assert isinstance(App.is_running, property)  # driver.repaint checks it
    assert isinstance(App.is_running, property)  # driver.repaint checks it
    # App.size reads the driver's _size; _build_driver calls driver_class with keywords;
    # the run redirects stdio to the app's capture objects (shared by stdio.py).
    assert "self._driver._size" in inspect.getsource(App.size.fget)
    build = inspect.getsource(App._build_driver)
    assert "driver_class(" in build and "size=size" in build and "mouse=mouse" in build
    run = inspect.getsource(App._process_messages)
    assert "redirect_stdout(self._capture_stdout)" in run
    assert "redirect_stderr(self._capture_stderr)" in run
    assert isinstance(active_app, contextvars.ContextVar)


def test_events_used_by_the_driver():
    size = Size(10, 5)
    assert events.Resize(size, size).size == size
    failed = events.DeliveryFailed(key="k", exception=ValueError("x"), name=None)
    assert failed.key == "k"
    assert isinstance(constants.ESCAPE_DELAY, float)
    assert isinstance(constants.DISABLE_KITTY_KEY, bool)


def test_xterm_parser_feed_and_tick():
    parser = XTermParser(debug=False)
    keys = [e.key for e in parser.feed("a\x1b[A") if isinstance(e, events.Key)]
    assert keys == ["a", "up"]
    assert list(parser.feed("\x1b")) == []  # a lone ESC waits...
    assert list(parser.tick()) == []
    time.sleep(constants.ESCAPE_DELAY + 0.01)
    assert [e.key for e in parser.tick()] == ["escape"]  # ...until tick() after the delay
    mouse = list(parser.feed("\x1b[<0;5;3M"))
    assert isinstance(mouse[0], events.MouseDown) and (mouse[0].x, mouse[0].y) == (4, 2)
    assert issubclass(ParseError, Exception)


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


def test_stylesheet_internals_used_by_the_shared_css():
    from textual._styles_cache import StylesCache
    from textual.css.stylesheet import Stylesheet

    assert list(params(Stylesheet._parse_rules)) == [
        "self", "css", "read_from", "is_default_rules", "tie_breaker", "scope",
    ]  # fmt: skip
    sheet = Stylesheet(variables={"a": "red"})
    for name in ("_variables", "source", "_invalid_css", "_rules", "_rules_map", "_require_parse"):
        assert hasattr(sheet, name), name
    # forum.ssh.styles re-implements reparse (into a SharedStylesheet): same steps as this.
    reparse = inspect.getsource(Stylesheet.reparse)
    assert "Stylesheet(variables=self._variables)" in reparse
    for step in ("add_source(", "stylesheet.parse()", "self._rules = stylesheet.rules",
                 "self.source = stylesheet.source", "_invalid_css.update("):  # fmt: skip
        assert step in reparse, step
    app = App()
    assert isinstance(app.stylesheet, Stylesheet)
    assert "self.stylesheet.reparse()" in inspect.getsource(App._load_screen_css)
    # The retention bug forum.ssh.styles works around (a method lru_cache without
    # @classmethod); once Textual fixes it the work-around does nothing.
    method = StylesCache.__dict__["get_inner_outer"]
    if not isinstance(method, classmethod):
        assert list(params(method.__wrapped__)) == ["cls", "base_background", "background"]


def test_app_colour_filters_are_a_list_the_session_can_change():
    from textual.filter import ANSIToTruecolor, Monochrome

    app = App()
    assert isinstance(app._filters, list)
    assert any(isinstance(f, ANSIToTruecolor) for f in app._filters)
    assert isinstance(app.no_color, bool)
    app._filters.append(Monochrome())
    assert any(isinstance(f, Monochrome) for f in app.get_line_filters())
