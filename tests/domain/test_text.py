"""Cleaning and validating what people type (hypothesis)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models import text
from models.errors import ValidationError

UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)
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
]


@given(st.text())
def test_cleaned_text_carries_no_control_characters(value):
    cleaned = text.clean_text(value)
    assert not UNSAFE.search(cleaned)
    assert "\r" not in cleaned
    assert text.clean_text(cleaned) == cleaned


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Zl", "Zp", "Cs"))))
def test_ordinary_text_passes_unchanged(value):
    assert text.clean_text(value) == value


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
