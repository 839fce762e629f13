"""How a post's words are shown: where each link goes, line breaks as written, and
scripts and emoji whole."""

from __future__ import annotations

import pytest

from forum.app import ForumApp
from screens.thread import ThreadScreen, show_thread
from tests.helpers import make_thread, make_user
from tests.ui.conftest import SIZE, settled_on


async def _shown(body: str, title: str = "Words") -> tuple[str, list]:
    """The thread screen's text, and its rendered lines, for a thread with this body."""
    river = await make_user("river")
    thread_id, _ = await make_thread(river, title, body)
    app = ForumApp(start="guest")
    async with app.run_test(size=SIZE) as pilot:
        await show_thread(app, thread_id)
        assert (await settled_on(pilot, ThreadScreen)).ready
        strips = app.screen._compositor.render_strips()
        return "\n".join(strip.text for strip in strips), strips


def _post_lines(text: str) -> list[str]:
    """The lines left of the help pane, without the focused post's bar."""
    return [line.split("▏")[0].strip(" █") for line in text.splitlines()]


def _style_of(strips: list, text: str):
    for strip in strips:
        for segment in strip:
            if text in segment.text:
                return segment.style
    raise AssertionError(f"{text!r} is not on screen")


async def test_a_link_shows_where_it_goes_beside_its_text_muted(db, frozen_clock):
    text, strips = await _shown("Log in to [your bank](http://evil.example) today.")
    assert "Log in to your bank (http://evil.example) today." in text
    address, words = _style_of(strips, "(http://evil.example)"), _style_of(strips, "today")
    # Muted: dimmer than the writer's words around it.
    assert sum(address.color.get_truecolor()) < sum(words.color.get_truecolor())


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("Read <https://example.org/help> now.", "Read https://example.org/help now."),
        ("Read www.example.org now.", "Read www.example.org now."),
        ("Read <https://example.org/café> now.", "Read https://example.org/café now."),
        ("Read [https://example.org](https://example.org) now.", "Read https://example.org now."),
    ],
)
async def test_a_link_whose_text_is_its_address_shows_it_once(db, frozen_clock, body, line):
    text, _ = await _shown(body)
    assert line in text


async def test_a_look_alike_address_shows_as_it_really_is(db, frozen_clock):
    # A Cyrillic "a": the address is shown in the form a browser would go to.
    text, _ = await _shown("See [b\u0430nk.example](https://b\u0430nk.example/login).")
    assert "(https://xn--bnk-6cd.example/login)" in text


async def test_an_address_is_cleaned_like_any_user_text(db, frozen_clock):
    text, _ = await _shown(
        "[home](https://example.org/%E2%80%AE\u202e) and an image ![x](https://i.example/a.png)"
    )
    assert "\u202e" not in text
    assert "home (https://example.org/%E2%80%AE)" in text
    assert "(https://i.example/a.png)" in text


POEM = "The sea was calm\nthe night was long\nand still I sang"


@pytest.mark.parametrize(
    "body", [POEM, POEM.replace("calm", "*calm*")], ids=["plain", "with Markdown"]
)
async def test_a_three_line_poem_shows_as_three_lines(db, frozen_clock, body):
    text, _ = await _shown(body)
    lines = _post_lines(text)
    at = next(i for i, line in enumerate(lines) if line.startswith("The sea was calm"))
    assert lines[at : at + 3] == ["The sea was calm", "the night was long", "and still I sang"]


async def test_a_list_of_single_lines_keeps_its_lines_and_paragraphs_stay_apart(db, frozen_clock):
    text, _ = await _shown("Things that help:\nwalking\ntea\n\nAnd talking.")
    lines = _post_lines(text)
    at = lines.index("Things that help:")
    assert lines[at : at + 5] == ["Things that help:", "walking", "tea", "", "And talking."]
