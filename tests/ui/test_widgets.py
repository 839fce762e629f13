"""Our own widgets on every screen: the one-line footer, the top bar and the option list."""

from __future__ import annotations

from textual import events
from textual.app import App

from forum.app import ForumApp
from models import posting
from screens.boards import BoardsScreen
from screens.thread import ThreadScreen, show_thread
from screens.widgets.draft_area import DraftArea
from screens.widgets.footer import KeyFooter
from screens.widgets.safe_input import SafeInput
from tests.helpers import key, make_thread, make_user
from tests.ui.conftest import screen_text, settle, settled_on

NARROW = (80, 24)


async def test_a_list_keeps_its_drawn_options_when_only_its_height_changes(db):
    app = ForumApp(start="guest")
    async with app.run_test(size=(100, 40)) as pilot:
        options = app.screen.query_one("#boards")
        await settle(pilot)
        assert len(options._option_render_cache.keys()) > 0
        drawn = {
            key: options._option_render_cache.get(key)
            for key in list(options._option_render_cache.keys())
        }
        await pilot.resize_terminal(100, 30)  # shorter, same width
        await settle(pilot)
        assert all(options._option_render_cache.get(key) is strips for key, strips in drawn.items())


async def test_a_list_wraps_its_options_again_when_its_width_changes(db):
    description = "New here? Say hello, share as much or as little as you like."
    app = ForumApp(start="guest")
    async with app.run_test(size=NARROW) as pilot:
        assert "Introductions" in await settle(pilot)
        assert description not in screen_text(app)  # wrapped beside the resources pane
        await pilot.press("ctrl+r")  # hide the pane: the list gets the whole width
        assert description in await settle(pilot)


async def test_a_long_title_leaves_room_for_who_is_signed_in(db):
    river = await make_user("river")
    thread_id, _ = await make_thread(river, "A very long title " * 8, "Body.")
    app = ForumApp(start=river)
    async with app.run_test(size=NARROW) as pilot:
        await settled_on(pilot, BoardsScreen)
        await show_thread(app, thread_id)
        assert (await settled_on(pilot, ThreadScreen)).ready
        top = screen_text(app).splitlines()[0]
        assert top.rstrip().endswith("river") and "…" in top
        assert top.startswith(" forum › Introductions › A very long title")


async def test_footer_keys_that_do_not_fit_are_left_out_whole(db):
    app = ForumApp(start="guest")
    async with app.run_test(size=NARROW) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        footer = screen_text(app).splitlines()[-1]
        assert footer.startswith(" ^g Get help now ") and footer.rstrip().endswith("^p palette")
        words = {"^g", "Get", "help", "now", "^p", "palette"}
        for active in app.screen.active_bindings.values():
            binding = active.binding
            if binding.show:
                words |= {app.get_key_display(binding), *binding.description.split()}
        assert set(footer.split()) <= words  # every word whole: nothing clipped
        assert "Quit" not in footer  # the last keys did not fit at 80 columns


class Fields(App[None]):
    def compose(self):
        yield SafeInput()
        yield DraftArea()


async def test_a_paste_is_cleaned_by_the_field_or_text_area_it_lands_in():
    """Their paste handlers run before Textual's own, which inserts the cleaned text."""
    app = Fields()
    async with app.run_test() as pilot:
        line, body = app.query_one(SafeInput), app.query_one(DraftArea)
        for widget in (line, body):
            widget.focus()
            await pilot.pause()
            app.post_message(events.Paste("Hello\x07 \x1b[31mworld\x1b[0m,\nnext"))  # as typed
            await settle(pilot)
        assert line.value == "Hello [31mworld[0m, next"  # one line, no BEL, no ESC
        assert body.text == "Hello [31mworld[0m,\nnext"


async def test_the_footer_is_drawn_again_only_when_its_keys_change(db, monkeypatch):
    drawn: list[str] = []
    textuals = KeyFooter.render

    def render(self):
        line = textuals(self)
        drawn.append(line.plain)
        return line

    monkeypatch.setattr(KeyFooter, "render", render)
    river = await make_user("river")
    thread_id, opening = await make_thread(river, "Rough night", "I could not sleep.")
    await posting.reply(river, opening, "Still awake.", key())
    app = ForumApp(start="guest")
    async with app.run_test(size=(100, 40)) as pilot:
        await settled_on(pilot, BoardsScreen)
        await show_thread(app, thread_id)
        screen = await settled_on(pilot, ThreadScreen)
        assert "Collapse" in screen_text(app).splitlines()[-1]
        drawn.clear()
        screen.refresh_bindings()  # as each focus move does: the same keys
        await settle(pilot)
        assert drawn == []
        await pilot.press("enter")  # the post folds: "Expand" takes the place of "Collapse"
        await settle(pilot)
        assert drawn and "Expand" in drawn[-1]
        assert drawn[-1].rstrip() == screen_text(app).splitlines()[-1].rstrip()
