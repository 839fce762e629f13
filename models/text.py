"""Cleaning and validating the text people type.

Text is cleaned when it is stored and again when it is shown (screens call
:func:`clean_text` too), so nothing that reaches a terminal can move the cursor,
retitle the window, write the clipboard or reorder what a reader sees.
"""

from __future__ import annotations

import re
import unicodedata

from models.errors import ValidationError

# C0 controls but tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates,
# bidi marks and zero-width characters (including the BOM and word joiners).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)
_LINE_BREAKS = re.compile("\r\n|\r|\u2028|\u2029|\x85")
_WHITESPACE_RUN = re.compile(r"\s+")

TITLE_MAX = 150
BODY_MAX = 20_000
NOTE_MAX = 500
USERNAME_RE = re.compile(r"^[A-Za-z0-9_-]{3,32}$")
DISPLAY_NAME_MAX = 64
PASSWORD_MIN = 8
PASSWORD_MAX = 1024


def clean_text(value: str) -> str:
    """Remove every character that could act on a terminal; keep newline and tab."""
    value = _LINE_BREAKS.sub("\n", value)
    return _UNSAFE.sub("", value)


def clean_line(value: str) -> str:
    """Clean text meant for one line: every run of white space becomes one space."""
    return _WHITESPACE_RUN.sub(" ", clean_text(value)).strip()


def _length_between(field: str, value: str, low: int, high: int) -> str:
    if len(value) < low:
        rule = "must not be empty" if low == 1 else f"must be at least {low} characters"
        raise ValidationError(field, rule)
    if len(value) > high:
        raise ValidationError(field, f"must be at most {high:,} characters (it has {len(value):,})")
    return value


def title(value: str) -> str:
    return _length_between("title", clean_line(value), 1, TITLE_MAX)


def body(value: str) -> str:
    cleaned = clean_text(value)
    # Surrounding blank lines carry nothing; inner white space is the writer's.
    cleaned = cleaned.strip("\n ").rstrip()
    if not cleaned.strip():
        raise ValidationError("body", "must not be empty")
    return _length_between("body", cleaned, 1, BODY_MAX)


def optional_line(field: str, value: str | None, high: int) -> str | None:
    """A short optional line such as a content warning: empty means none."""
    if value is None:
        return None
    cleaned = clean_line(value)
    return _length_between(field, cleaned, 1, high) if cleaned else None


RESERVED_USERNAMES = frozenset({"new", "guest"})
"""``ssh new@host`` opens sign-up and ``ssh guest@host`` browsing: no account may take them."""


def username(value: str) -> str:
    value = value.strip()
    if not USERNAME_RE.fullmatch(value):
        raise ValidationError("username", "must be 3-32 characters: letters, digits, '_' or '-'")
    if username_key(value) in RESERVED_USERNAMES:
        raise ValidationError("username", f"{value!r} is reserved: please choose another")
    return value


def username_key(value: str) -> str:
    """The form two usernames are compared in: case does not make a different user."""
    return unicodedata.normalize("NFKC", value.strip()).casefold()


def display_name(value: str | None, fallback: str) -> str:
    cleaned = clean_line(value or "") or fallback
    return _length_between("display name", cleaned, 1, DISPLAY_NAME_MAX)


def password(value: str) -> str:
    if len(value) < PASSWORD_MIN:
        raise ValidationError("password", f"must be at least {PASSWORD_MIN} characters")
    if len(value) > PASSWORD_MAX:
        raise ValidationError("password", f"must be at most {PASSWORD_MAX} characters")
    return value
