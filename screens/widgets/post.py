"""One post in a thread's reply tree: a header, the body, and its replies beneath it.

Replies live inside their parent's ``.replies`` container, so a branch collapses by
hiding one container and the guide line down its left edge spans the whole branch.
Indentation stops at :data:`INDENT_CAP` levels; deeper replies line up there and say how
deep they are, so very deep branches stay readable in 80 columns.
"""

from __future__ import annotations

import re
from datetime import datetime

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Markdown, Static

from models.text import clean_text
from models.views import PostView
from screens import format
from screens.messages import PostAction

INDENT_CAP = 6
"""Reply levels that indent; deeper replies keep this indentation and show their depth."""

_MARKDOWN_SYNTAX = re.compile(
    r"[*_`#>\[\]<|~&\\]|https?://|^\s*(?:[-+]|\d+[.)])\s|^ {4}|^\s*(?:=+|-+)\s*$",
    re.MULTILINE,
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def needs_markdown(body: str) -> bool:
    """Whether ``body`` uses any Markdown syntax at all.

    Most posts are plain prose; showing those with a Static looks the same as the
    Markdown widget and costs a third of the time, which is what lets a thread with
    thousands of replies open at once.
    """
    return _MARKDOWN_SYNTAX.search(body) is not None


def plain_paragraphs(body: str) -> Content:
    """Plain prose laid out as Markdown would: blank lines part paragraphs, single line
    breaks join lines."""
    paragraphs = [" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(body)]
    return Content("\n\n".join(p for p in paragraphs if p))


def post_body(post: PostView) -> Widget:
    if post.removed:
        who = "a moderator" if post.removed_by_moderator else "its author"
        return Static(f"This post was removed by {who}.", classes="body removed", markup=False)
    body = clean_text(post.body)
    if needs_markdown(body):
        return Markdown(body, classes="body", open_links=False)
    return Static(plain_paragraphs(body), classes="body", markup=False)


class PostHeader(Static):
    """Author, time, edited marker and depth; clicking the arrow collapses the branch."""

    def on_click(self, event: events.Click) -> None:
        if event.x < 2 and isinstance(self.parent, Widget):
            post = self.parent.parent
            if isinstance(post, PostWidget):
                event.stop()
                post.post_message(PostAction(post.post.id, "toggle"))


class PostWidget(Vertical, can_focus=True):
    """A post and, inside it, its replies."""

    DEFAULT_CSS = """
    PostWidget { height: auto; }
    PostWidget > .card { height: auto; padding: 0 1; border-left: blank; }
    PostWidget:focus > .card { background: $boost; border-left: thick $accent; }
    PostWidget > .card > PostHeader { height: 1; color: $text-muted;
                                      text-wrap: nowrap; text-overflow: ellipsis; }
    PostWidget > .card > .body { height: auto; margin: 0 0 1 0; }
    PostWidget > .card > Markdown.body { padding: 0; margin: 0; }
    PostWidget > .card > Markdown.body > *:last-child { margin-bottom: 0; }
    PostWidget > .card > .removed { color: $text-muted; text-style: italic; }
    PostWidget > .replies { height: auto; }
    PostWidget > .replies.-indent { margin-left: 1; border-left: vkey $primary 50%; }
    PostWidget:focus > .replies.-indent { border-left: vkey $accent; }
    PostWidget.-collapsed > .replies { display: none; }
    """

    BINDINGS = [
        Binding("down,j", "act('next')", "Next", show=False),
        Binding("up,k", "act('previous')", "Previous", show=False),
        Binding("enter,space", "act('toggle')", "Collapse"),
        Binding("p", "act('parent')", "Parent"),
        Binding("r", "act('reply')", "Reply"),
        Binding("e", "act('edit')", "Edit"),
        Binding("x,delete", "act('remove')", "Remove"),
    ]

    def __init__(
        self, post: PostView, *, own: bool, can_reply: bool, can_remove: bool, now: datetime
    ) -> None:
        super().__init__(id=f"post-{post.id}")
        self.post = post
        """The post shown (a read-only view from the domain)."""
        self.own = own
        """Whether the person reading wrote it: only then are edit and remove offered."""
        self.can_reply = can_reply
        """Whether replies are offered (signed in, thread not locked)."""
        self.can_remove = can_remove
        """Whether remove is offered: the author's own post, or anyone's for moderators."""
        self.now = now
        """When the thread was loaded: relative times are measured from it."""
        self.pending: list[PostWidget] = []
        """Replies built before this widget mounts; composed into its replies box."""

    @property
    def collapsed(self) -> bool:
        return self.has_class("-collapsed")

    @property
    def replies(self) -> Vertical:
        return self.query_one("Vertical.replies", Vertical)

    @property
    def card(self) -> Vertical:
        return self.query_one("Vertical.card", Vertical)

    @property
    def parent_post(self) -> PostWidget | None:
        box = self.parent
        owner = box.parent if box is not None else None
        return owner if isinstance(owner, PostWidget) else None

    def reply_widgets(self) -> list[PostWidget]:
        return [w for w in self.replies.children if isinstance(w, PostWidget)]

    def compose(self) -> ComposeResult:
        with Vertical(classes="card"):
            yield PostHeader(self.header(), markup=False)
            yield post_body(self.post)
        # Replies of the opening post read as the thread's comments: no indent for them.
        indent = 2 <= self.post.depth + 1 <= INDENT_CAP
        yield Vertical(*self.pending, classes="replies -indent" if indent else "replies")
        self.pending = []

    def header(self) -> Content:
        p = self.post
        arrow = "▸ " if self.collapsed else "▾ "
        hidden = ""
        if self.collapsed:
            n = len(self.query(PostWidget)) if self.is_mounted else 0
            hidden = Content.styled(
                f"{format.count(n, 'reply', 'replies')} hidden", "bold $text-warning"
            )
        deep = p.depth > INDENT_CAP  # indentation stopped: say how deep instead
        return Content.assemble(
            (arrow, "$accent"),
            (f"↳{p.depth} ", "bold $text-accent") if deep else "",
            format.join(
                format.line(p.author, "bold $text-secondary" if not p.removed else "$text-muted"),
                Content.styled("you", "italic") if self.own else "",
                format.ago(p.created_at, self.now),
                Content.styled("edited", "italic") if p.edited_at else "",
                hidden,
            ),
        )

    def set_collapsed(self, collapsed: bool) -> None:
        self.set_class(collapsed, "-collapsed")
        self.query_one(PostHeader).update(self.header())

    def update_post(self, post: PostView) -> None:
        """Show a changed post (after an edit or a removal) without rebuilding the tree."""
        self.post = post
        self.query_one(PostHeader).update(self.header())
        old = self.card.query_one(".body")
        self.card.mount(post_body(post), after=old)
        old.remove()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "act":
            return True
        kind = parameters[0] if parameters else ""
        if kind == "edit":
            return self.own and not self.post.removed
        if kind == "remove":
            return self.can_remove and not self.post.removed
        if kind == "reply":
            return self.can_reply
        if kind == "parent":
            return self.post.parent_id is not None
        return True

    def action_act(self, kind: str) -> None:
        self.post_message(PostAction(self.post.id, kind))
