"""One parse of the app's CSS for the whole server, instead of several per session.

Textual parses every CSS source (each widget's DEFAULT_CSS, the app's and each screen's
CSS and .tcss files) per App, and parses all of it again from scratch (`reparse`, which
builds a fresh Stylesheet with an empty cache) each time a screen with CSS of its own is
first shown. With one App per SSH session that was the largest single cost of starting
a session. Parsed rules only depend on the CSS text, where it came from and the theme's
variables, and Textual already reuses them between parses within one App, so they are
shared here between every App in the process, keyed by those variables too (a session
that switches theme gets rules parsed with its own variables).

Relies on Textual's `Stylesheet._parse_rules(css, read_from, is_default_rules,
tie_breaker, scope)`, `Stylesheet._variables`, `.source` and `reparse()` building a new
Stylesheet (checked by tests/ssh/test_ssh_driver_contract.py).

Also here: Textual 8.2's `StylesCache.get_inner_outer` is an `lru_cache` on a method that
lacks `@classmethod`, so its keys hold StylesCache instances and up to 1024 widgets'
caches, with their rendered lines, outlive the sessions that drew them (in a server,
tens of MB). `release_styles_caches` keys it on the colours alone, as intended.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from textual._styles_cache import StylesCache
from textual.cache import LRUCache
from textual.css.stylesheet import CSSLocation, Stylesheet

if TYPE_CHECKING:
    from textual.app import App
    from textual.css.model import RuleSet

_RULES: LRUCache[tuple[Any, ...], list[RuleSet]] = LRUCache(1024)
"""Parsed rules by (variables id, css, location, defaults?, tie breaker, scope)."""
_VARIABLE_SETS: dict[tuple[tuple[str, str], ...], int] = {}
"""A small id for each distinct set of CSS variables (one per theme in use)."""


class SharedStylesheet(Stylesheet):
    """A Stylesheet whose parsed rules come from (and go to) the process-wide cache."""

    _variables_seen: dict[str, str] | None = None
    _variables_id = 0

    def _variables_key(self) -> int:
        variables = self._variables
        if variables is not self._variables_seen:  # set_variables replaces the dict
            frozen = tuple(sorted(variables.items()))
            self._variables_id = _VARIABLE_SETS.setdefault(frozen, len(_VARIABLE_SETS))
            self._variables_seen = variables
        return self._variables_id

    def _parse_rules(
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
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            _RULES[key] = rules
        return rules

    def reparse(self) -> None:
        # Textual's own reparse parses into a plain Stylesheet; this one keeps the cache.
        fresh = SharedStylesheet(variables=self._variables)
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            fresh.add_source(
                css, read_from=read_from, is_default_css=is_defaults,
                tie_breaker=tie_breaker, scope=scope,
            )  # fmt: skip
        try:
            fresh.parse()
        except Exception:
            self._invalid_css.update(fresh._invalid_css)
            raise
        self._rules = fresh.rules
        self._rules_map = None
        self.source = fresh.source
        self._require_parse = False


def share_parsed_css(app: App[Any]) -> None:
    """Give `app` (not yet running) a stylesheet that shares parsed rules."""
    old = app.stylesheet
    shared = SharedStylesheet(variables=old._variables)
    shared.source = dict(old.source)
    shared._require_parse = bool(shared.source)
    app.stylesheet = shared


def release_styles_caches() -> None:
    """Make `StylesCache.get_inner_outer` the class-level cache it was meant to be."""
    method = StylesCache.__dict__["get_inner_outer"]
    if isinstance(method, classmethod):  # fixed in Textual: nothing to do
        return
    StylesCache.get_inner_outer = classmethod(lru_cache(1024)(method.__wrapped__))  # type: ignore[assignment, method-assign]
