"""Cleaning and validating what people type (hypothesis)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models import text
from models.errors import ValidationError

UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)
JOINER = "\u200c\u200d"
SELECTOR = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
SEQUENCES = [
    ("Persian: I want, with ZWNJ", "می\u200cخواهم"),
    ("Persian plural", "کتاب\u200cها"),
    ("Urdu", "ہم\u200cآہنگی"),
    ("Hindi half form with ZWJ", "क्\u200dष"),
    ("Hindi with ZWNJ", "क्\u200cष"),
    ("Hindi vowel signs", "हिन्दी में लिखना"),
    ("Malayalam chillu at a word's end", "അവന്\u200d വന്നു"),
    ("Bengali ya-phala", "র\u200d্যাব"),
    ("Sinhala: Sri", "ශ්\u200dරී"),
    ("family", "👨\u200d👩\u200d👧\u200d👦"),
    ("rainbow flag", "🏳\ufe0f\u200d🌈"),
    ("pirate flag", "🏴\u200d☠\ufe0f"),
    ("skin tones", "👍🏽 👋🏿"),
    ("skin tone in a sequence", "🧑🏽\u200d💻"),
    ("heart", "❤\ufe0f"),
    ("keycap", "1\ufe0f\u20e3"),
    ("Scotland", "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"),
    ("ideographic variation", "葛\U000e0100"),
]
"""Words and emoji whose invisible characters are part of them: cleaning keeps them."""
STRIPPED = [
    ("zero-width space run", "pass\u200b\u200b\u200b\u200bword", "password"),
    ("word joiner flood", "a" + "\u2060" * 500 + "b", "ab"),
    ("invisible operators", "x\u2061\u2062\u2063\u2064y", "xy"),
    ("bidi override", "abc\u202edcba\u202c", "abcdcba"),
    ("bidi isolates and marks", "\u2067a\u2069\u200e\u200f\u061c", "a"),
    ("BOM", "\ufeffhello", "hello"),
    ("leading and trailing joiners", "\u200d\u200chi\u200d", "hi"),
    ("joiner between Latin letters", "pay\u200dpal", "paypal"),
    ("joiner next to a space", "می\u200c خواهم", "می خواهم"),
    ("repeated joiners", "می\u200c\u200c\u200cخواهم", "می\u200cخواهم"),
    ("ZWJ flood between emoji", "👨" + "\u200d" * 50 + "👩", "👨\u200d👩"),
    ("selector run hiding bytes", "😀" + "\U000e0101\U000e0102\U000e0103" * 20, "😀\U000e0101"),
    ("selector after a space", "a \ufe0f", "a "),
    ("tags hiding a message", "ok\U000e0068\U000e0069\U000e0064\U000e0065", "ok"),
    ("tags after a flag that spell no region", "🏴" + "\U000e0068" * 9 + "\U000e007f", "🏴"),
    ("C1 and DEL", "a\x9b31m\x7fb", "a31mb"),
]
HOSTILE = [
    "[/bold]",
    "[@click=app.quit]x[/]",
    "[link='https://example.com']y[/link]",
    "\x1b]0;pwned\x07",
    "\x1b]52;c;aGk=\x07",
    "\x1b[2J",
    "\u202e",
    "a\u200bb",
    "\x9b31m",
    "\u200d\u200c",
]


@given(st.text())
def test_cleaned_text_carries_no_control_characters(value):
    cleaned = text.clean_text(value)
    assert not UNSAFE.search(cleaned)
    assert "\r" not in cleaned
    assert text.clean_text(cleaned) == cleaned
    for i, char in enumerate(cleaned):  # a joiner or selector kept stands after a character
        if char in JOINER or SELECTOR.match(char):
            assert i and not cleaned[i - 1].isspace()
            assert cleaned[i - 1] != char  # and is never repeated


@given(st.text())
def test_the_terminal_form_has_no_joiner_and_no_emoji_selector(value):
    shown = text.terminal_form(value)
    assert "\u200d" not in shown and "\ufe0f" not in shown
    assert text.terminal_form(shown) == shown


ORDINARY = st.characters(blacklist_categories=("Cc", "Cf", "Zl", "Zp", "Cs")).filter(
    lambda c: not SELECTOR.match(c)
)


@given(st.text(alphabet=ORDINARY))
def test_ordinary_text_passes_unchanged(value):
    assert text.clean_text(value) == value


@pytest.mark.parametrize(("what", "word"), SEQUENCES, ids=[w for w, _ in SEQUENCES])
def test_words_and_emoji_keep_the_joiners_and_selectors_they_need(what, word):
    assert text.clean_text(word) == word
    assert text.body(f"Before {word} after") == f"Before {word} after"
    assert text.title(word) == word


@pytest.mark.parametrize(("what", "hostile", "cleaned"), STRIPPED, ids=[w for w, _, _ in STRIPPED])
def test_invisible_characters_that_hide_or_reorder_text_are_removed(what, hostile, cleaned):
    assert text.clean_text(hostile) == cleaned


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("👨\u200d👩\u200d👧\u200d👦", "👨👩👧👦"),
        ("🏳\ufe0f\u200d🌈", "🏳🌈"),
        ("❤\ufe0f", "❤"),
        ("क्\u200dष", "क्ष"),
        ("می\u200cخواهم", "می\u200cخواهم"),
        ("a\u202eb", "ab"),
    ],
)
def test_the_terminal_form_leaves_out_what_terminals_measure_differently(stored, shown):
    """Rich counts a ZWJ sequence as one glyph and VS16 as widening; most terminals do not."""
    assert text.terminal_form(stored) == shown


def test_newline_and_tab_stay_and_crlf_becomes_newline():
    assert text.clean_text("a\tb\r\nc\rd\n") == "a\tb\nc\nd\n"


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_strings_lose_their_escape_characters(hostile):
    cleaned = text.clean_text(hostile)
    assert "\x1b" not in cleaned and "\x07" not in cleaned and "\u202e" not in cleaned
    assert "\x9b" not in cleaned and "\u200b" not in cleaned


@given(st.text(max_size=300))
def test_a_title_is_accepted_exactly_when_its_clean_form_is_1_to_150(value):
    cleaned = text.clean_line(value)
    if 1 <= len(cleaned) <= 150:
        assert text.title(value) == cleaned
        assert "\n" not in cleaned and "\t" not in cleaned
    else:
        with pytest.raises(ValidationError) as error:
            text.title(value)
        assert error.value.field == "title"


@given(st.text(max_size=50))
def test_a_body_must_have_words(value):
    try:
        cleaned = text.body(value)
    except ValidationError as error:
        assert error.field == "body"
        assert not text.clean_text(value).strip()
    else:
        assert cleaned.strip() and not UNSAFE.search(cleaned)


def test_a_body_over_20000_characters_is_refused_with_the_rule():
    with pytest.raises(ValidationError, match="at most 20,000"):
        text.body("x" * 20_001)
    assert len(text.body("x" * 20_000)) == 20_000


@given(
    st.from_regex(r"[A-Za-z0-9_-]{3,32}", fullmatch=True).filter(
        lambda n: n.casefold() not in text.RESERVED_USERNAMES
    )
)
def test_usernames_differing_by_case_share_a_key(name):
    assert text.username(name) == name
    assert text.username_key(name.upper()) == text.username_key(name.lower())


@pytest.mark.parametrize("bad", ["ab", "x" * 33, "has space", "émile", "semi;colon", ""])
def test_bad_usernames_name_the_rule(bad):
    with pytest.raises(ValidationError, match="3-32 characters"):
        text.username(bad)


@pytest.mark.parametrize("name", ["new", "NEW", "guest", "Guest"])
def test_the_ssh_entry_names_are_reserved(name):
    with pytest.raises(ValidationError, match="reserved"):
        text.username(name)
