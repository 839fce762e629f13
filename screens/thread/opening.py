"""Opening a thread: the one way every screen (and every test) does it."""

from __future__ import annotations

from textual.app import App
from textual.screen import Screen

from models import resources, threads
from screens.resources_pane import help_first
from screens.session import problem, refresh_actor
from screens.thread.reading import first_page
from screens.thread.screen import ThreadScreen


async def show_thread(
    app: App,
    thread_id: int,
    *,
    board_id: int | None = None,
    focus_post: int | None = None,
    over: Screen | None = None,
) -> ThreadScreen | None:
    """Open a thread: the one way every screen (and every test) does it.

    Fetches the first screenful, then pushes the screen built with it and returns it:
    building the screen with its posts lays it out once instead of several times, which
    is most of the cost of opening a thread. If the fetch fails, the screen fetches again
    itself and shows what went wrong. With ``over`` (the screen it opens from), nothing
    opens if the reader has moved on from that screen by the time the posts arrive.
    """
    page = first_page(app.size.height)
    try:
        if focus_post is None:
            view = await threads.open_thread(thread_id, limit=page)
        else:
            view = await threads.open_thread_at(thread_id, focus_post, limit=page)
        pinned = await resources.list_resources(view.board.id)
        safety = await threads.reader_safety(await refresh_actor(app), view.thread)
    except Exception as error:
        problem(error)  # logged; the screen tries again and says what went wrong
        screen = ThreadScreen(thread_id, board_id=board_id, focus_post=focus_post)
    else:
        screen = ThreadScreen(
            thread_id, focus_post=focus_post, view=view, resources=help_first(pinned),
            safety=safety,
        )  # fmt: skip
    if over is not None and not over.is_current:
        return None
    await app.push_screen(screen)
    return screen
