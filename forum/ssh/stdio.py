"""One sys.stdout/sys.stderr shared by every session's App.

`App._process_messages` wraps the app's run in `redirect_stdout(app._capture_stdout)`
(and the same for stderr), which saves the current `sys.stdout` and puts it back at the
end. With many apps in one process the runs overlap, so the put-backs happen out of
order and leave `sys.stdout` pointing at an app that has ended. The fix: install one
routing stream as `sys.stdout`/`sys.stderr` before any session starts and give every
session's app that same object as its capture; then every save and restore is a no-op.
A write goes to the app running in the current task (Textual's `active_app` context
variable), for widgets that capture prints, and always also to the stream that was there
before: the server's stdout/stderr is not any client's terminal, so nothing is corrupted,
and log records (logging's last-resort handler writes to whatever `sys.stderr` is) and
stray prints still reach the operator instead of vanishing into a session.
"""

from __future__ import annotations

import sys
import weakref
from typing import TYPE_CHECKING, Any, TextIO

from screens.textual_compat import flush_for_app, print_for_app, running_app, share_print_capture

if TYPE_CHECKING:
    from textual.app import App


class RoutingStream:
    """A text stream that hands writes to the session app active in the calling task."""

    def __init__(self, *, stderr: bool) -> None:
        self._stderr = stderr
        self._fallback: TextIO | None = None
        self._apps: weakref.WeakSet[App[Any]] = weakref.WeakSet()

    def _app(self) -> App[Any] | None:
        app = running_app()
        return app if app is not None and app in self._apps else None

    def _target(self) -> TextIO | None:
        fallback = self._fallback
        if fallback is None:
            fallback = sys.__stderr__ if self._stderr else sys.__stdout__
        return fallback

    def write(self, text: str) -> int:
        app = self._app()
        if app is not None:
            # What Textual's own capture does: devtools, then widgets that asked for
            # prints (begin_capture_print).
            print_for_app(app, text, stderr=self._stderr)
        target = self._target()
        if target is not None:
            target.write(text)
        return len(text)

    def flush(self) -> None:
        app = self._app()
        if app is not None:
            flush_for_app(app, stderr=self._stderr)
        target = self._target()
        if target is not None:
            target.flush()

    def isatty(self) -> bool:
        target = self._target()
        return bool(target is not None and target.isatty())

    def fileno(self) -> int:
        target = self._target()
        if target is None:
            raise OSError("no file descriptor")
        return target.fileno()

    @property
    def encoding(self) -> str:
        return "utf-8"

    def writable(self) -> bool:
        return True


stdout = RoutingStream(stderr=False)
stderr = RoutingStream(stderr=True)
_installed = 0


def install() -> None:
    """Make the routing streams `sys.stdout`/`sys.stderr` (counted; pair with uninstall)."""
    global _installed
    if _installed == 0:
        if sys.stdout is not stdout:
            stdout._fallback = sys.stdout
            sys.stdout = stdout  # type: ignore[assignment]
        if sys.stderr is not stderr:
            stderr._fallback = sys.stderr
            sys.stderr = stderr  # type: ignore[assignment]
    _installed += 1


def uninstall() -> None:
    """Undo one install(); the last one puts the previous streams back."""
    global _installed
    if _installed == 0:
        return
    _installed -= 1
    if _installed == 0:
        if sys.stdout is stdout and stdout._fallback is not None:
            sys.stdout = stdout._fallback
        if sys.stderr is stderr and stderr._fallback is not None:
            sys.stderr = stderr._fallback


def adopt(app: App[Any]) -> None:
    """Route `app`'s prints through the shared streams (call before it runs)."""
    stdout._apps.add(app)
    stderr._apps.add(app)
    share_print_capture(app, stdout, stderr)
