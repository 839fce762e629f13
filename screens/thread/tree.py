"""A thread's loaded posts as a plain reply tree: reading order, parents, folds, and which
post comes next. No widgets here, so it is tested without an App.

Reading order is path order: each post's path extends its parent's, so sorting by path
puts every post right after the post it replies to, and its replies after it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from models.views import PostView


class ReplyTree:
    """The posts loaded so far, in reading order, and which branches the reader folded."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        """Nesting stops at this depth: deeper replies sit beside each other in the box of
        their ancestor at the cap (see :meth:`host`)."""
        self.posts: dict[int, PostView] = {}
        """Every loaded post, by id."""
        self.order: list[int] = []
        """Loaded post ids in reading order."""
        self._paths: list[str] = []
        """Their paths, in the same order (to find where a new post goes)."""
        self._index: dict[int, int] | None = {}
        """Each post's place in :attr:`order` (None: to be recounted after an insert)."""
        self.folded: set[int] = set()
        """Posts whose branch the reader folded: kept across reloads."""

    def __len__(self) -> int:
        return len(self.order)

    def __contains__(self, post_id: object) -> bool:
        return post_id in self.posts

    def clear(self) -> None:
        """Forget the posts (a reload); folds stay, so a reload keeps what was folded."""
        self.posts.clear()
        self.order.clear()
        self._paths.clear()
        self._index = {}

    def extend(self, posts: Iterable[PostView]) -> None:
        """Add posts that come after every loaded one (a page, in reading order)."""
        index = self._places()
        for post in posts:
            self.posts[post.id] = post
            index[post.id] = len(self.order)
            self.order.append(post.id)
            self._paths.append(post.path)

    def insert(self, post: PostView) -> None:
        """Add one post at its place in reading order (a reply just written)."""
        if post.id in self.posts:
            self.replace(post)
            return
        at = bisect_left(self._paths, post.path)
        self.posts[post.id] = post
        self.order.insert(at, post.id)
        self._paths.insert(at, post.path)
        self._index = None

    def replace(self, post: PostView) -> None:
        """A loaded post changed (edited or removed): same place, new view."""
        self.posts[post.id] = post

    def _places(self) -> dict[int, int]:
        if self._index is None:
            self._index = {post_id: at for at, post_id in enumerate(self.order)}
        return self._index

    def place(self, post_id: int) -> int:
        """Where the post is in reading order."""
        return self._places()[post_id]

    def parent(self, post_id: int) -> int | None:
        """The loaded post this one replies to (None for the opening post)."""
        parent_id = self.posts[post_id].parent_id
        return parent_id if parent_id in self.posts else None

    def ancestors(self, post_id: int) -> list[int]:
        """The loaded posts above this one, nearest first."""
        out: list[int] = []
        parent = self.parent(post_id)
        while parent is not None:
            out.append(parent)
            parent = self.parent(parent)
        return out

    def host(self, post_id: int) -> int | None:
        """Whose replies box the post goes in: its parent's or, past the nesting cap, that
        of its ancestor at the cap (None: the thread's own box)."""
        parent = self.parent(post_id)
        while parent is not None and self.posts[parent].depth >= self.cap:
            parent = self.parent(parent)
        return parent

    def descendants(self, post_id: int) -> list[int]:
        """Loaded replies under the post at any depth: the run that follows it in reading
        order while deeper than it."""
        depth = self.posts[post_id].depth
        out: list[int] = []
        for other in self.order[self.place(post_id) + 1 :]:
            if self.posts[other].depth <= depth:
                break
            out.append(other)
        return out

    def fold(self, post_id: int, folded: bool) -> None:
        (self.folded.add if folded else self.folded.discard)(post_id)

    def visible(self, post_id: int) -> bool:
        """Whether no folded branch above hides the post."""
        return not any(a in self.folded for a in self.ancestors(post_id))

    def folded_flat(self, post_id: int) -> bool:
        """Whether a fold hides the post where nesting cannot: a folded ancestor at or past
        the cap lays its replies out beside it, so they are hidden one by one."""
        parent = self.parent(post_id)
        while parent is not None and self.posts[parent].depth >= self.cap:
            if parent in self.folded:
                return True
            parent = self.parent(parent)
        return False

    def next_visible(self, post_id: int) -> int | None:
        """The post after this one in reading order, skipping folded branches."""
        at = self.place(post_id) + 1
        if post_id in self.folded:
            at += len(self.descendants(post_id))
        return next((p for p in self.order[at:] if self.visible(p)), None)

    def previous_visible(self, post_id: int) -> int | None:
        """The post before this one in reading order, skipping folded branches."""
        before = self.order[: self.place(post_id)]
        return next((p for p in reversed(before) if self.visible(p)), None)

    def near_end(self, post_id: int, margin: int) -> bool:
        """Whether the post is within ``margin`` of the last loaded one."""
        return self.place(post_id) >= len(self.order) - margin
