"""What others change in an open thread, shown as it happens (see :mod:`screens.live`).

A reply arrives at its place in the tree, marked new; an edit or a removal replaces the
post where it is; reactions redraw their counts. The reader's focus stays on the post it
was on, at the same row on screen (:mod:`screens.thread.place`), and a compose screen over
the thread is never touched. A change to the thread itself (locked, pinned, slow mode,
retitled), to the reader (suspended, a new role), or changes that may have been missed
reload what is shown once, keeping the focused post at its row and the new marks.
"""

from __future__ import annotations

from typing import Any, Protocol

from textual.app import App

from models import threads, unread
from models.changes import Change, Kind
from models.views import BoardSummary, PostView, ThreadSummary
from screens.live import LiveUpdates, everything
from screens.session import actor_of, refresh_actor
from screens.thread.place import Place, keep, place_of
from screens.thread.posts import PostTree
from screens.widgets.post import PostWidget


class ThreadReading(Protocol):
    """What of the thread screen (screens.thread.reading) this module uses."""

    app: App[Any]
    thread_id: int
    thread: ThreadSummary | None
    board: BoardSummary | None
    post_tree: PostTree

    @property
    def posts(self) -> dict[int, PostWidget]: ...
    def loaded_to(self, post: PostView) -> bool: ...
    def reload(self) -> None: ...
    def show_summary(self, thread: ThreadSummary, board: BoardSummary) -> None: ...
    def catch_up(self, changes: list[Change]) -> object: ...
    def set_timer(self, delay: float, callback: Any) -> Any: ...
    def remember_seen(self) -> object: ...
    def refresh_keys(self) -> None: ...

    read_since: Any
    seen_timer: Any


POSTS = (Kind.REPLY_POSTED, Kind.POST_EDITED, Kind.POST_REMOVED)
"""Changes to single posts, applied post by post."""
SHOWN = (*POSTS, Kind.REACTIONS, Kind.THREAD)


def live_updates(screen: ThreadReading) -> LiveUpdates:
    def concerns(change: Change) -> bool:
        if change.kind is Kind.PERSON:
            return change.user_id is not None and change.user_id == actor_of(screen.app).id
        return change.thread_id == screen.thread_id and change.kind in SHOWN

    return LiveUpdates(screen, concerns, screen.catch_up)  # type: ignore[arg-type]


async def catch_up(screen: ThreadReading, changes: list[Change]) -> None:
    """Show ``changes`` (one burst) on ``screen``."""
    if screen.thread is None or screen.board is None:
        return  # the first load is still on its way, and reads everything
    kinds = {change.kind for change in changes}
    if everything(changes) or kinds & {Kind.PERSON, Kind.THREAD}:
        screen.reload()  # what the reader may do can have changed: every post is redrawn
        return
    tree = screen.post_tree
    changed = [c.post_id for c in changes if c.kind in POSTS and c.post_id is not None]
    posted = {c.post_id for c in changes if c.kind is Kind.REPLY_POSTED}
    reader = actor_of(screen.app)
    # Everything is read first, then shown in one batch: one layout and one frame per
    # burst, however many parts of the screen it changes.
    posts = await threads.posts_by_id(screen.thread_id, changed)
    thread = await threads.get_thread(screen.thread_id)
    safety = None
    if Kind.REACTIONS in kinds:
        safety = await threads.reader_safety(await refresh_actor(screen.app), thread)
    where = place_of(screen)
    moves = safety is not None  # a line of reactions may come or go above the reader
    with screen.app.batch_update():
        for post in posts:
            if post.id in screen.posts:  # the writer's own reply is here already: redrawn
                moves = moves or _above(where, screen.posts[post.id].post)
                await tree.replace(post)
            elif post.id in posted and _in_reach(screen, post):
                if post.author_id != reader.id:
                    tree.reader.arrived.add(post.id)
                    seen_soon(screen)
                moves = moves or _above(where, post)
                await tree.insert(post)
            # else its place is on a page not loaded yet (loading that page shows it), or
            # it is an edit of a post left out (the thread shown from a later post)
        if safety is not None:
            await tree.show_safety(safety)
        screen.show_summary(thread, screen.board)  # the header's count of replies, the keys
    if moves:
        await keep(screen, screen.posts, where)  # a reply above does not push the reader down


def _above(where: Place | None, post: PostView) -> bool:
    """Whether ``post`` comes before the reader's post on screen, so that its height can
    move the reader's post (one after it never does)."""
    return where is not None and post.path < where.path


def _in_reach(screen: ThreadReading, post: PostView) -> bool:
    """Whether a new reply's place is among the loaded posts, under a post shown."""
    loaded_parent = post.parent_id is None or post.parent_id in screen.posts
    return loaded_parent and screen.loaded_to(post)


async def show_unread(screen: ThreadReading) -> None:
    """Mark the posts written since the reader's last visit, and remember this one."""
    reader = actor_of(screen.app)
    if reader.is_guest:
        return
    if screen.read_since is None:
        screen.read_since = await unread.read_to(reader, screen.thread_id)
    mark_since(screen, list(screen.posts.values()))
    screen.refresh_keys()  # "next new" is offered once something is new
    await screen_seen(screen)


def mark_since(screen: ThreadReading, widgets: list[PostWidget]) -> None:
    since, me = screen.read_since, actor_of(screen.app).id
    for widget in widgets:
        post = widget.post
        if since is not None and post.created_at > since and post.author_id != me:
            widget.mark_new()


def seen_soon(screen: ThreadReading) -> None:
    """Remember how far the reader got a few seconds from now (one write per thread per
    few seconds, however many replies arrive)."""
    if screen.seen_timer is None and not actor_of(screen.app).is_guest:
        screen.seen_timer = screen.set_timer(unread.SEEN_EVERY, screen.remember_seen)


async def screen_seen(screen: ThreadReading) -> None:
    screen.seen_timer = None
    newest = max((w.post.created_at for w in screen.posts.values()), default=None)
    if newest is not None:
        await unread.seen(actor_of(screen.app), screen.thread_id, newest)
