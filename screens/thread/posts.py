"""The reply tree on screen: one widget per loaded post, nested as the replies are, built
with what this reader may do and what their safety choices hide.

:class:`screens.thread.tree.ReplyTree` says where each post belongs; this widget keeps the
post widgets in step with it, a page, a post or a change at a time, so a new reply, an
edit or a removal never rebuilds the thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from textual import events, on
from textual.message import Message
from textual.widget import Widget

from models import warnings
from models.views import PostView, ReaderSafety
from screens.textual_compat import settled_virtual_size
from screens.thread.tree import ReplyTree
from screens.widgets import post_messages as ask
from screens.widgets.plain_box import PlainBox
from screens.widgets.post import INDENT_CAP, PostWidget

MOUNT_CHUNK = 15
"""Posts mounted per step, so key presses are handled between steps."""
LOAD_AHEAD = 8
"""Ask for the next page when the keys are this close to the last loaded post."""


@dataclass
class Reader:
    """Who is reading, what they may do to the thread's posts, and what they chose to see."""

    id: int | None = None
    can_reply: bool = False
    moderator: bool = False
    can_react: bool = False
    can_report: bool = False
    can_block: bool = False
    safety: ReaderSafety = field(default_factory=ReaderSafety)
    revealed: set[int] = field(default_factory=set)
    """Posts the reader chose to read despite a warning or a block: kept across reloads."""
    arrived: set[int] = field(default_factory=set)
    """Others' replies that arrived while the reader was here: marked new, across reloads."""


class PostTree(PlainBox):
    """The thread's posts; ``posts`` maps each loaded post's id to its widget. Moving
    between posts and folding branches happen here; writes go on to the screen."""

    class NearEnd(Message):
        """The keys are near the last loaded post: load the next page, if there is one."""

    DEFAULT_CSS = "PostTree { height: auto; margin-top: 1; }"

    virtual_size = settled_virtual_size()  # it grows with each reply, laid out once

    def __init__(self) -> None:
        super().__init__(id="tree")
        self.model = ReplyTree(INDENT_CAP)
        self.posts: dict[int, PostWidget] = {}
        self.reader = Reader()
        self.now: datetime | None = None
        """When the posts were loaded: their times read relative to it."""
        self.keys_on: int | None = None
        """The post the keys are on, or on their way to: focus moves a moment after it is
        asked for, so keys typed ahead (``j j``) move on from here, not from the post the
        focus is still on."""

    def widget(self, post: PostView, now: datetime) -> PostWidget:
        """A post's widget, as this reader should see it."""
        reader = self.reader
        own = reader.id is not None and post.author_id == reader.id
        widget = PostWidget(
            post,
            own=own,
            can_reply=reader.can_reply,
            can_remove=own or reader.moderator,
            now=now,
            # Writers see their own words; everyone else sees the warning first.
            warning=None if own else self._warning(post),
            blocked=not own and post.author_id in reader.safety.blocked,
            revealed=post.id in reader.revealed,
            reactions=reader.safety.counts.get(post.id),
            mine=set(reader.safety.mine.get(post.id, ())),
            can_react=reader.can_react,
            can_report=reader.can_report,
            can_block=reader.can_block,
        )
        widget.new = post.id in reader.arrived
        if post.id in self.model.folded:
            widget.add_class("-collapsed")
        if self.model.folded_flat(post.id):
            widget.display = False
        return widget

    def _warning(self, post: PostView) -> str | None:
        return warnings.warning_for(post.content_warning, post.body, self.reader.safety.topics)

    def place(
        self, posts: list[PostView], now: datetime
    ) -> tuple[list[PostWidget], dict[PostWidget, list[PostWidget]]]:
        """Add ``posts`` (the next in reading order) and make their widgets.

        Returns the top-level widgets, and for each post already on screen, the replies
        to mount in its box. Replies of posts not yet mounted ride along inside them.
        """
        self.now = now
        self.model.extend(posts)
        roots: list[PostWidget] = []
        later: dict[PostWidget, list[PostWidget]] = {}
        for post in posts:
            widget = self.widget(post, now)
            self.posts[post.id] = widget
            host_id = self.model.host(post.id)
            host = self.posts.get(host_id) if host_id is not None else None
            if host is None:
                roots.append(widget)
            elif host.is_mounted or host.has_replies_box:
                later.setdefault(host, []).append(widget)
            else:
                host.pending.append(widget)
        return roots, later

    async def add(self, posts: list[PostView], now: datetime) -> None:
        """Mount ``posts`` (the next in reading order) in their places, a chunk at a time."""
        roots, later = self.place(posts, now)
        groups: list[tuple[Widget, list[PostWidget]]] = [(self, roots)]
        for host, widgets in later.items():
            groups.append((await host.replies(), widgets))
        for box, widgets in groups:
            for start in range(0, len(widgets), MOUNT_CHUNK):
                await box.mount_all(widgets[start : start + MOUNT_CHUNK])
        for post_id in self.model.folded:
            if (widget := self.posts.get(post_id)) is not None:
                widget.set_collapsed(True, len(self.model.descendants(post_id)))

    async def reset(self, posts: list[PostView], now: datetime) -> None:
        """Show ``posts`` instead of what is shown (folds and reveals stay)."""
        await self.remove_children()
        self.posts.clear()
        self.model.clear()
        await self.add(posts, now)

    async def insert(self, post: PostView) -> PostWidget:
        """Show one new post at its place (a reply just written), or its new state if it is
        shown already."""
        if post.id in self.posts:
            return await self.replace(post)
        self.model.insert(post)
        widget = self.widget(post, self.now or post.created_at)
        self.posts[post.id] = widget
        host_id = self.model.host(post.id)
        box: Widget = self if host_id is None else await self.posts[host_id].replies()
        after = [w for w in box.children if isinstance(w, PostWidget) and w.post.path > post.path]
        await box.mount(widget, before=after[0] if after else None)
        for above in self.model.ancestors(post.id):
            if above in self.model.folded:  # its count of hidden replies grows
                self.posts[above].set_collapsed(True, len(self.model.descendants(above)))
        return widget

    async def replace(self, post: PostView) -> PostWidget:
        """Show a loaded post's new state (edited or removed) in its place."""
        self.model.replace(post)
        widget = self.posts[post.id]
        widget.post = post
        if not widget.own:
            widget.warning = self._warning(post)
        await widget.rebuild()
        return widget

    async def show_safety(self, safety: ReaderSafety) -> None:
        """Draw again the posts whose author the reader (un)blocked or whose reactions
        changed, after ``safety`` changed."""
        self.reader.safety = safety
        for widget in self.posts.values():
            post = widget.post
            blocked = post.author_id in safety.blocked and not widget.own
            counts = safety.counts.get(post.id, {})
            mine = set(safety.mine.get(post.id, ()))
            if blocked != widget.blocked or (counts, mine) != (widget.reactions, widget.mine):
                widget.blocked, widget.reactions, widget.mine = blocked, counts, mine
                await widget.rebuild()

    def parent_of(self, widget: PostWidget) -> PostWidget | None:
        parent = self.model.parent(widget.post.id)
        return self.posts.get(parent) if parent is not None else None

    def fold(self, widget: PostWidget, folded: bool) -> None:
        post_id = widget.post.id
        self.model.fold(post_id, folded)
        widget.set_collapsed(folded, len(self.model.descendants(post_id)) if folded else 0)
        if widget.post.depth >= INDENT_CAP:  # its replies sit beside it: hide each one
            for other in self.model.descendants(post_id):
                self.posts[other].display = not self.model.folded_flat(other)

    def unfold_above(self, widget: PostWidget) -> None:
        """Unfold every branch above ``widget`` so it can be seen."""
        for above in self.model.ancestors(widget.post.id):
            if above in self.model.folded:
                self.fold(self.posts[above], False)

    def next_visible(self, widget: PostWidget) -> PostWidget | None:
        found = self.model.next_visible(widget.post.id)
        return self.posts[found] if found is not None else None

    def previous_visible(self, widget: PostWidget) -> PostWidget | None:
        found = self.model.previous_visible(widget.post.id)
        return self.posts[found] if found is not None else None

    def first(self) -> PostWidget | None:
        return self.posts[self.model.order[0]] if self.model.order else None

    def focus_post(self, widget: PostWidget, *, scroll: bool = True) -> None:
        """Put the keys on ``widget`` and bring it into view (unless not ``scroll``: a
        reload keeps the reader where they were, see :mod:`screens.thread.place`)."""
        if not widget.is_attached:
            return
        self.keys_on = widget.post.id
        widget.focus(scroll_visible=False)
        if scroll and widget.post.parent_id is None and isinstance(self.parent, Widget):
            # The opening post: from the top, with the thread's title and its notices
            # (a long post brought into view on its own would hide them).
            self.parent.scroll_home(animate=False)
        elif scroll:
            widget.scroll_card_visible()
        if self.model.near_end(widget.post.id, LOAD_AHEAD):
            self.post_message(self.NearEnd())

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, PostWidget):  # a click, tab, or the focus arriving
            self.keys_on = event.widget.post.id

    def _widget(self, message: ask.PostMessage) -> PostWidget | None:
        """The post a move starts from: where the keys are headed, if that is still here."""
        message.stop()
        return self.posts.get(self.keys_on) or self.posts.get(message.post_id)

    @on(ask.Next)
    def _next(self, message: ask.Next) -> None:
        if (widget := self._widget(message)) is None:
            return
        if (after := self.next_visible(widget)) is not None:
            self.focus_post(after)
        else:
            self.post_message(self.NearEnd())

    @on(ask.Previous)
    def _previous(self, message: ask.Previous) -> None:
        widget = self._widget(message)
        if widget is not None and (before := self.previous_visible(widget)) is not None:
            self.focus_post(before)

    @on(ask.Fold)
    def _fold(self, message: ask.Fold) -> None:
        if (widget := self._widget(message)) is not None:
            self.fold(widget, not widget.collapsed)
            self.focus_post(widget)

    @on(ask.Parent)
    def _to_parent(self, message: ask.Parent) -> None:
        widget = self._widget(message)
        if widget is not None and (parent := self.parent_of(widget)) is not None:
            self.focus_post(parent)

    @on(ask.Reveal)
    def _reveal(self, message: ask.Reveal) -> None:
        if (widget := self._widget(message)) is not None:
            self.reader.revealed.add(widget.post.id)
            self.call_later(widget.reveal)
