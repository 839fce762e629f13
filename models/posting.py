"""Writing posts: start a thread, reply, edit, remove, retitle. Each checks the policy first.

Posting is idempotent: the client makes a key before its first try, and a retry with the
same key (after a timeout, or a commit that looked failed but was not) returns the post
that already exists instead of writing a second one.
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from models import blocks, changes, clock, limits, notifications, reports, text
from models.accounts import current
from models.actor import Actor
from models.audit import record
from models.changes import Change, Kind
from models.entities import Board, Post, Thread
from models.errors import NotFound, PermissionDenied, RateLimited, ValidationError
from models.policy import Action, Context, require
from models.prepared import ID_SAMPLE as _ID
from models.prepared import TIME_SAMPLE as _AT
from models.prepared import Prepared
from models.rows import post_view_of
from models.views import PostView

SEGMENT = 5
"""Characters of a path segment: base 36, so 60 million posts a thread."""
MAX_DEPTH = 100
"""Replies to a post this deep join its siblings instead, so paths stay bounded."""
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
CONTENT_WARNING_MAX = 100


def _segment(number: int) -> str:
    out = []
    for _ in range(SEGMENT):
        number, digit = divmod(number, 36)
        out.append(_DIGITS[digit])
    if number:
        raise ValidationError("thread", "has reached the most posts a thread can hold")
    return "".join(reversed(out))


def _client_key(value: str) -> str:
    value = value.strip()
    if not 8 <= len(value) <= 64 or not value.isascii() or not value.isprintable():
        raise ValidationError("client key", "must be 8-64 printable ASCII characters")
    return value


async def _existing(actor: Actor, key: str) -> PostView | None:
    """The post already written with ``key`` (by this actor), if a first try went through."""
    post = await Post.get_or_none(client_key=key)
    if post is None:
        return None
    if post.author_id != actor.id:
        raise ValidationError("client key", "is already used by another post")
    return post_view_of(post, actor.display_name)


async def start_thread(
    actor: Actor,
    board_id: int,
    title: str,
    body: str,
    client_key: str,
    content_warning: str | None = None,
) -> PostView:
    """Start a thread with its opening post; returns the opening post (its ``thread_id``
    is the new thread's)."""
    actor = await current(actor)
    key = _client_key(client_key)
    clean_title = text.title(title)
    clean_body = text.body(body)
    warning = text.optional_line("content warning", content_warning, CONTENT_WARNING_MAX)
    board = await Board.get_or_none(id=board_id)
    if board is None:
        raise NotFound("That board does not exist.")
    now = clock.now()
    require(actor, Action.START_THREAD, Context(board_locked=board.locked), now)
    if (done := await _existing(actor, key)) is not None:
        return done
    await limits.check_new_account(actor, True, now)
    try:
        async with changes.writing() as batch:
            thread = await Thread.create(
                board_id=board_id,
                author_id=actor.id,
                title=clean_title,
                content_warning=warning,
                created_at=now,
                last_activity_at=now,
                post_seq=1,
            )
            post = await Post.create(
                thread_id=thread.id,
                author_id=actor.id,
                parent_id=None,
                path=_segment(0),
                depth=0,
                body=clean_body,
                created_at=now,
                client_key=key,
            )
            await Board.filter(id=board_id).update(
                thread_count=F("thread_count") + 1,
                unanswered_count=F("unanswered_count") + 1,
                last_activity_at=now,
            )
            batch.add(Change(Kind.THREAD_STARTED, board_id, thread.id, post.id, actor.id))
            await notifications.follow_written(actor, thread.id)
    except IntegrityError:
        if (done := await _existing(actor, key)) is not None:
            return done
        raise
    return post_view_of(post, actor.display_name)


_PARENT_FIELDS = (
    "id", "thread_id", "parent_id", "depth", "path", "author_id", "thread__locked",
    "thread__board__locked", "thread__board_id", "thread__slow_mode_minutes",
    "thread__author_id", "thread__title", "thread__content_warning",
)  # fmt: skip
_PARENT = Prepared(
    Post, _PARENT_FIELDS, lambda i: Post.filter(id=i).limit(1).values_list(*_PARENT_FIELDS), _ID
)
_BUMP_THREAD = Prepared(
    Thread, (),
    lambda i, at: Thread.filter(id=i).update(
        post_seq=F("post_seq") + 1, reply_count=F("reply_count") + 1, last_activity_at=at
    ),
    _ID, _AT,
)  # fmt: skip
_THREAD_COUNTERS = Prepared(
    Thread, (), lambda i: Thread.filter(id=i).limit(1).values_list("post_seq", "reply_count"), _ID
)
_BUMP_BOARD = {
    first: Prepared(
        Board,
        (),
        lambda i, at, first=first: Board.filter(id=i).update(
            last_activity_at=at,
            **({"unanswered_count": F("unanswered_count") - 1} if first else {}),
        ),
        _ID,
        _AT,
    )
    for first in (False, True)
}


async def reply(
    actor: Actor, parent_id: int, body: str, client_key: str, content_warning: str | None = None
) -> PostView:
    """Reply to any post in a thread; returns the new post as readers see it.

    A retry with the same client key returns the first try's post: the key is unique, so
    the retry's insert fails and its transaction (counters included) rolls back.
    """
    actor = await current(actor)
    key = _client_key(client_key)
    clean_body = text.body(body)
    warning = text.optional_line("content warning", content_warning, CONTENT_WARNING_MAX)
    found = await _PARENT.rows(parent_id)
    if not found:
        raise NotFound("The post you are replying to does not exist.")
    (parent_id, thread_id, grandparent, depth, path, parent_author, thread_locked, board_locked,
     board_id, slow_mode, starter, title, thread_warning) = found[0]  # fmt: skip
    now = clock.now()
    require(
        actor, Action.REPLY, Context(thread_locked=thread_locked, board_locked=board_locked), now
    )
    if await blocks.is_blocked_by(actor.id, parent_author):  # type: ignore[arg-type]
        # Worded so the blocked person is not told they were blocked.
        raise PermissionDenied(
            Action.REPLY.value, "This post is not taking replies. You can reply to the thread."
        )
    try:
        await limits.check_slow_mode(actor, thread_id, slow_mode, now)
        await limits.check_new_account(actor, False, now)
    except RateLimited:
        if (done := await _existing(actor, key)) is not None:
            return done  # a retry of a post that went through is not a new post
        raise
    if depth >= MAX_DEPTH:
        parent_id, _, _, depth, path, *_ = (await _PARENT.rows(grandparent))[0]
    try:
        async with changes.writing() as batch:
            # The update locks the thread row (on PostgreSQL) until commit, so concurrent
            # replies each read back their own sequence number.
            await _BUMP_THREAD.execute(thread_id, now)
            seq, replies = (await _THREAD_COUNTERS.rows(thread_id))[0]
            post = await Post.create(
                thread_id=thread_id, author_id=actor.id, parent_id=parent_id,
                path=path + _segment(seq - 1), depth=depth + 1, body=clean_body,
                content_warning=warning, created_at=now, client_key=key,
            )  # fmt: skip
            await _BUMP_BOARD[replies == 1].execute(board_id, now)
            batch.add(Change(Kind.REPLY_POSTED, board_id, thread_id, post.id, actor.id))
            await notifications.for_reply(
                actor, batch, post_id=post.id, thread_id=thread_id, parent_author_id=parent_author,
                starter_id=starter, words=" ".join(
                    w for w in (title, thread_warning, warning, clean_body) if w
                ),
            )  # fmt: skip
    except IntegrityError:
        if (done := await _existing(actor, key)) is not None:
            return done
        raise
    return post_view_of(post, actor.display_name)


async def _post_for_change(actor: Actor, post_id: int) -> Post:
    post = await Post.filter(id=post_id).select_related("author").first()
    if post is None:
        raise NotFound("That post does not exist.")
    if post.removed_at is not None:
        raise PermissionDenied("change post", "That post has been removed.")
    return post


async def edit_post(actor: Actor, post_id: int, body: str) -> PostView:
    """Change one's own post; returns it as readers now see it."""
    actor = await current(actor)
    post = await _post_for_change(actor, post_id)
    now = clock.now()
    require(actor, Action.EDIT_OWN_POST, Context(owner_id=post.author_id), now)
    post.body, post.edited_at = text.body(body), now
    async with changes.writing() as batch:
        await Post.filter(id=post_id).update(body=post.body, edited_at=now)
        batch.add(Change(Kind.POST_EDITED, None, post.thread_id, post_id, actor.id))
    return post_view_of(post, post.author.display_name)


async def remove_post(actor: Actor, post_id: int, reason: str = "") -> PostView:
    """Remove a post softly: its replies stay where they are and the body is gone.

    Authors remove their own; moderators and admins remove anyone's, and that is logged
    and closes the reports on it. Staff removing their own post are logged too, but its
    reports stay open, as for anyone removing their own: someone reported as in danger is
    not safe because the words are gone (the review queue closes the report it acts on).
    Returns the post as readers now see it: in its place, without its words.
    """
    actor = await current(actor)
    post = await _post_for_change(actor, post_id)
    now = clock.now()
    own = post.author_id == actor.id
    require(
        actor,
        Action.REMOVE_OWN_POST if own else Action.REMOVE_ANY_POST,
        Context(owner_id=post.author_id),
        now,
    )
    why = text.optional_line("reason", reason, text.NOTE_MAX) or ""
    async with changes.writing() as batch:
        await Post.filter(id=post_id).update(
            removed_at=now, removed_by_id=actor.id, removal_reason=why or None
        )
        if not own or actor.is_staff:
            await record(actor, "remove post", "post", post_id, why)
        if not own:
            await reports.close_reports_on(actor, post_id)
            batch.add(Change(Kind.REPORTS))
            await notifications.for_removal(
                actor, batch, post_id=post_id, thread_id=post.thread_id,
                author_id=post.author_id, reason=why,
            )  # fmt: skip
        batch.add(Change(Kind.POST_REMOVED, None, post.thread_id, post_id, actor.id))
    post.removed_at, post.removed_by_id = now, actor.id
    return post_view_of(post, post.author.display_name)


async def set_thread_flag(
    actor: Actor, thread_id: int, flag: str, value: bool, reason: str = ""
) -> None:
    """Pin or unpin, lock or unlock a thread (moderators and admins)."""
    actions = {"pinned": Action.PIN_THREAD, "locked": Action.LOCK_THREAD}
    if flag not in actions:
        raise ValidationError("flag", "must be pinned or locked")
    actor = await current(actor)
    require(actor, actions[flag], Context(), clock.now())
    why = text.optional_line("reason", reason, text.NOTE_MAX) or ""
    async with changes.writing() as batch:
        if not await Thread.filter(id=thread_id).update(**{flag: value}):
            raise NotFound("That thread does not exist.")
        verb = {
            ("pinned", True): "pin",
            ("pinned", False): "unpin",
            ("locked", True): "lock",
            ("locked", False): "unlock",
        }[(flag, value)]
        await record(actor, f"{verb} thread", "thread", thread_id, why)
        batch.add(Change(Kind.THREAD, thread_id=thread_id, user_id=actor.id))


async def edit_thread_title(actor: Actor, thread_id: int, title: str) -> str:
    """Change a thread's title: its author, or staff (logged, with the old title).

    Returns the title as stored (cleaned)."""
    actor = await current(actor)
    thread = await Thread.get_or_none(id=thread_id)
    if thread is None:
        raise NotFound("That thread does not exist.")
    own = thread.author_id == actor.id
    # A member is told the title is not theirs, rather than that they are not staff.
    staff_edit = not own and actor.is_staff
    action = Action.EDIT_ANY_THREAD_TITLE if staff_edit else Action.EDIT_OWN_THREAD_TITLE
    require(actor, action, Context(owner_id=thread.author_id), clock.now())
    clean_title = text.title(title)
    async with changes.writing() as batch:
        await Thread.filter(id=thread_id).update(title=clean_title)
        if not own:
            await record(actor, "edit thread title", "thread", thread_id, f"was: {thread.title}")
        batch.add(Change(Kind.THREAD, thread.board_id, thread_id, user_id=actor.id))
    return clean_title
