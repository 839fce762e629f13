"""What a person types in the search box, read once into words, phrases, alternatives and
words left out, and written out again for each backend's full-text engine.

The syntax is the one people know from web search: ``"a quoted phrase"``, ``-word`` (or
``-"a phrase"``) leaves posts with it out, and ``OR`` between two terms takes either. Any
other character only separates words, so ``*``, ``:``, ``NEAR(``, brackets or a stray
quote can never reach an engine as an operator: PostgreSQL gets a plain web-search string
(for ``websearch_to_tsquery``) and SQLite an FTS5 expression with every term quoted.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from models import text
from models.errors import ValidationError

QUERY_MAX = 200
"""Characters a search may have: enough for any question, not for a pasted post."""
TERMS_MAX = 12
"""Words and phrases a search may hold (each one costs the engine a posting list)."""

_ENGLISH_STOP_WORDS = (
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his "
    "himself she her hers herself it its itself they them their theirs themselves what which "
    "who whom this that these those am is are was were be been being have has had having do "
    "does did doing a an the and but if or because as until while of at by for with about "
    "against between into through during before after above below to from up down in out on "
    "off over under again further then once here there when where why how all any both each "
    "few more most other some such no nor not only own same so than too very s t can will "
    "just don should now"
)
ENGLISH_STOP_WORDS = frozenset(_ENGLISH_STOP_WORDS.split())
"""PostgreSQL's English stop words (its ``english.stop``): PostgreSQL leaves them out of
what it indexes and looks for; SQLite indexes every word, so the query leaves them out on
both backends and a search means the same on either."""


@dataclass(frozen=True, slots=True)
class Term:
    words: tuple[str, ...]
    """One word, or a phrase's words in order."""

    def websearch(self) -> str:
        return self.words[0] if len(self.words) == 1 else f'"{" ".join(self.words)}"'

    def fts5(self) -> str:
        # Words hold only letters, marks and digits: nothing in them needs escaping.
        return f'"{" ".join(self.words)}"'


@dataclass(frozen=True, slots=True)
class Query:
    groups: tuple[tuple[Term, ...], ...]
    """Every group must match; within a group, any of its terms (``OR``)."""
    excluded: tuple[Term, ...] = ()
    """Posts with any of these are left out."""

    def websearch(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """For PostgreSQL: each group as one ``websearch_to_tsquery`` string (its terms
        joined by ``or``), and each term left out, for the SQL to join with ``&&`` and
        ``!!``. One string for the whole query would not do: ``websearch_to_tsquery``
        binds AND tighter than OR (``a b or c`` is ``(a & b) | c``)."""
        groups = tuple(" or ".join(t.websearch() for t in group) for group in self.groups)
        return groups, tuple(t.websearch() for t in self.excluded)

    def fts5(self) -> str:
        """An FTS5 MATCH expression."""
        parts = []
        for group in self.groups:
            inner = " OR ".join(t.fts5() for t in group)
            parts.append(f"({inner})" if len(group) > 1 else inner)
        expression = " AND ".join(parts)
        for term in self.excluded:
            expression = f"({expression}) NOT {term.fts5()}"
        return expression


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN"


@dataclass(slots=True)
class _Token:
    words: list[str]
    quoted: bool
    negated: bool


def _tokens(value: str) -> list[_Token]:
    """Split into terms: a quoted phrase, or words joined by punctuation without spaces
    (``self-esteem``, ``don't``: a phrase, as the engines index them)."""
    out: list[_Token] = []
    i, n = 0, len(value)
    while i < n:
        char = value[i]
        if char.isspace():
            i += 1
            continue
        negated = char == "-" and i + 1 < n and (value[i + 1] == '"' or _is_word_char(value[i + 1]))
        if negated:
            i += 1
            char = value[i]
        if char == '"':
            end = value.find('"', i + 1)
            end = n if end < 0 else end  # an unclosed quote runs to the end
            out.append(_Token(_words(value[i + 1 : end]), True, negated))
            i = end + 1
            continue
        end = i
        while end < n and not value[end].isspace() and value[end] != '"':
            end += 1
        out.append(_Token(_words(value[i:end]), False, negated))
        i = end
    return [t for t in out if t.words]


def _words(chunk: str) -> list[str]:
    words, current = [], []
    for char in chunk:
        if _is_word_char(char):
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return [w.casefold() for w in words]


def parse(value: str, stop_words: frozenset[str] = ENGLISH_STOP_WORDS) -> Query:
    """Read a search; a search that cannot find anything raises :class:`ValidationError`
    with a message saying why (empty, too long, only words left out, only common words)."""
    if len(value) > QUERY_MAX:
        raise ValidationError(
            "search", f"must be at most {QUERY_MAX} characters (it has {len(value):,})"
        )
    tokens = _tokens(text.clean_text(value))
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    joining = False  # the last token was OR
    had_words = False
    for token in tokens:
        if not token.quoted and not token.negated and token.words == ["or"]:
            joining = bool(groups)
            continue
        had_words = True
        term = Term(tuple(token.words))
        if all(w in stop_words for w in term.words):
            joining = False
            continue  # never indexed: looking for it finds nothing, leaving it out nothing
        if token.negated:
            excluded.append(term)
        elif joining:
            groups[-1].append(term)
        else:
            groups.append([term])
        joining = False
    if len(excluded) + sum(len(g) for g in groups) > TERMS_MAX:
        raise ValidationError("search", f"can hold at most {TERMS_MAX} words and phrases")
    if not groups:
        if excluded:
            rule = "needs a word to look for, not only words to leave out"
        elif had_words:
            rule = "has only words too common to look for (such as “the” or “and”)"
        else:
            rule = "needs a word to look for"
        raise ValidationError("search", rule)
    return Query(tuple(tuple(g) for g in groups), tuple(excluded))
