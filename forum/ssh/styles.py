"""One parse of the app's CSS for the whole server, instead of several per session.

Textual parses every CSS source (each widget's DEFAULT_CSS, the app's and each screen's
CSS and .tcss files) per App, and parses all of it again from scratch (`reparse`, which
builds a fresh Stylesheet with an empty cache) each time a screen with CSS of its own is
first shown. With one App per SSH session that was the largest single cost of starting
a session. Parsed rules only depend on the CSS text, where it came from and the theme's
variables, and Textual already reuses them between parses within one App, so they are
shared here between every App in the process, keyed by those variables too (a session
that switches theme gets rules parsed with its own variables).

Textual's Stylesheet parses each source in a private method; screens.textual_compat's
HookedStylesheet gives it a public hook, `parse_rules`, and a reparse that keeps the
subclass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.cache import LRUCache
from textual.css.stylesheet import CSSLocation

from screens.textual_compat import HookedStylesheet

if TYPE_CHECKING:
    from textual.app import App
    from textual.css.model import RuleSet

_RULES: LRUCache[tuple[Any, ...], list[RuleSet]] = LRUCache(1024)
"""Parsed rules by (variables id, css, location, defaults?, tie breaker, scope)."""
_VARIABLE_SETS: dict[tuple[tuple[str, str], ...], int] = {}
"""A small id for each distinct set of CSS variables (one per theme in use)."""


class SharedStylesheet(HookedStylesheet):
    """A Stylesheet whose parsed rules come from (and go to) the process-wide cache."""

    _variables_seen: dict[str, str] | None = None
    _variables_id = 0

    def _variables_key(self) -> int:
        variables = self.variables
        if variables is not self._variables_seen:  # set_variables replaces the dict
            frozen = tuple(sorted(variables.items()))
            self._variables_id = _VARIABLE_SETS.setdefault(frozen, len(_VARIABLE_SETS))
            self._variables_seen = variables
        return self._variables_id

    def parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        key = (self._variables_key(), css, read_from, is_default_rules, tie_breaker, scope)
        rules = _RULES.get(key)
        if rules is None:
            rules = super().parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            _RULES[key] = rules
        return rules


def share_parsed_css(app: App[Any]) -> None:
    """Give `app` (not yet running) a stylesheet that shares parsed rules."""
    app.stylesheet = SharedStylesheet.taking_over(app.stylesheet)
