"""Cleaning and validating the text people type.

Text is cleaned when it is stored and again when it is shown (screens call
:func:`clean_text` too), so nothing that reaches a terminal can move the cursor,
retitle the window, write the clipboard or reorder what a reader sees.

Invisible characters that carry meaning stay: the zero-width joiner and non-joiner
where a script or an emoji sequence uses them (می‌خواهم, क्‍ष, 👨‍👩‍👧‍👦), one
variation selector after the character it selects (❤️, 1️⃣), and the tags of a
subdivision flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿). Anywhere else they do nothing visible, and a run of them can hide a
message inside innocent-looking text, so they go.
"""

from __future__ import annotations

import re
import unicodedata

from models.errors import ValidationError

# Always removed: C0 controls but tab and newline, DEL, C1 controls, the bidi marks,
# embeddings, overrides and isolates, and characters with no visible effect in running
# text: zero-width space, word joiner and invisible operators, the deprecated format
# characters, interlinear annotation, Mongolian vowel separator, BOM, language tag.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0001]"
)
_TAGS = re.compile(
    "(\U0001f3f4[\U000e0061-\U000e007a]{2}[\U000e0030-\U000e0039\U000e0061-\U000e007a]{1,3}"
    "\U000e007f)|[\U000e0020-\U000e007f]"
)
"""A subdivision flag (black flag, region and subdivision in tag letters, cancel tag) is
kept; any other tag character goes (tags are invisible and can spell out a hidden message)."""
_MARK_RUN = re.compile("[\u200c\u200d\ufe00-\ufe0f\U000e0100-\U000e01ef]+")
"""A run of joiners and variation selectors, judged by the characters around it."""
JOINERS = "\u200c\u200d"
"""ZWNJ and ZWJ: kept where a script or an emoji sequence uses them."""
_JOINING_SCRIPTS = (
    (0x0600, 0x08FF),  # Arabic (Persian, Urdu...), Syriac, Thaana, N'Ko, Mandaic
    (0x0900, 0x0DFF),  # Devanagari, Bengali, Gurmukhi, ..., Malayalam, Sinhala
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x18AF),  # Khmer, Mongolian
    (0xA8E0, 0xA8FF),  # Devanagari extended
    (0xFB50, 0xFDFF),  # Arabic presentation forms
    (0xFE70, 0xFEFE),
    (0x10D00, 0x10D3F),  # Hanifi Rohingya
    (0x11000, 0x11DFF),  # Brahmi and the other historic Indic scripts
    (0x1E900, 0x1E95F),  # Adlam
)
"""Scripts whose letters join or form conjuncts, where U+200C/U+200D change the shape."""
_PICTOGRAPHS = (
    (0x00A9, 0x00A9),
    (0x00AE, 0x00AE),
    (0x203C, 0x203C),
    (0x2049, 0x2049),
    (0x2122, 0x2122),
    (0x2139, 0x2139),
    (0x2194, 0x21AA),
    (0x231A, 0x23FF),
    (0x24C2, 0x24C2),
    (0x25A0, 0x27BF),
    (0x2934, 0x2935),
    (0x2B05, 0x2B55),
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3299),
    (0x1F000, 0x1FAFF),
    (0x1FC00, 0x1FFFD),
)
"""Emoji and the symbols an emoji ZWJ sequence joins (a superset of Extended_Pictographic:
a joiner kept between two symbols that form no sequence still shows nothing)."""

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
    """Remove every character that could act on a terminal or hide text; keep newline,
    tab, and the joiners and variation selectors that are part of a word or an emoji."""
    value = _LINE_BREAKS.sub("\n", value)
    value = _UNSAFE.sub("", value)
    value = _TAGS.sub(lambda m: m[1] or "", value)
    return _MARK_RUN.sub(_kept_marks, value)


def _in(ranges: tuple[tuple[int, int], ...], char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


def _kept_marks(match: re.Match[str]) -> str:
    """Of a run of joiners and variation selectors, keep at most one selector (right
    after the character it selects) and one joiner (where it joins something)."""
    run, text = match[0], match.string
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    selector = next((c for c in run if c not in JOINERS), "")
    joiner = next((c for c in run if c in JOINERS), "")
    kept = selector if before and unicodedata.category(before)[0] in "LMNPS" else ""
    if joiner and before and _joins(joiner, before, after):
        kept += joiner
    return kept


def _joins(joiner: str, before: str, after: str) -> bool:
    if joiner == "\u200d" and _in(_PICTOGRAPHS, before) and after and _in(_PICTOGRAPHS, after):
        return True  # an emoji ZWJ sequence: 👨‍👩‍👧, 🏳️‍🌈, 👍🏽‍...
    if not _in(_JOINING_SCRIPTS, before) or unicodedata.category(before)[0] not in "LM":
        return False
    if joiner == "\u200d" and unicodedata.combining(before) == 9:
        return True  # after a virama: a half form, or a Malayalam chillu at a word's end
    return bool(after) and _in(_JOINING_SCRIPTS, after) and unicodedata.category(after)[0] in "LM"


def terminal_form(value: str) -> str:
    """Cleaned text as it is drawn in a terminal: without ZWJ and VS16.

    Terminals disagree on how wide an emoji sequence is: Rich (and so Textual's layout)
    counts 👨‍👩‍👧‍👦 as one 2-cell glyph and ❤️ as 2 cells, while xterm, VTE and pyte
    place each part (8 cells, 1 cell). Drawn without U+200D and U+FE0F, every terminal
    and Rich agree on every width, so a row never shifts. The stored text keeps them.
    """
    return clean_text(value).replace("\u200d", "").replace("\ufe0f", "")


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
