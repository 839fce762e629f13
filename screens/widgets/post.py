"""One post in a thread's reply tree: a header, the body, and its replies beneath it.

Replies live inside their parent's ``.replies`` container, so a branch collapses by
hiding one container and the guide line down its left edge spans the whole branch.
Nesting stops at :data:`INDENT_CAP` levels: deeper replies are laid out one after another
in the box at that level and say how deep they are. That keeps very deep branches
readable in 80 columns, and it keeps layout fast: Textual's cost of laying out nested
auto-height containers grows steeply with their depth, so the DOM never nests deeper
than the cap (the thread screen folds such flattened branches itself).
"""

from __future__ import annotations

import re
from datetime import datetime

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from models.enums import ReactionKind
from models.text import terminal_form
from models.views import PostView
from screens import format
from screens.textual_compat import settled_virtual_size
from screens.widgets import post_messages as ask
from screens.widgets.plain_box import PlainBox
from screens.widgets.post_markdown import PostMarkdown
from screens.widgets.reactions import KINDS, reaction_line

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
    """Plain prose laid out as a post's Markdown is: blank lines part paragraphs, and a
    single line break stays one (poems, lists, addresses)."""
    paragraphs = ["\n".join(_lines(p)) for p in _PARAGRAPH_BREAK.split(body)]
    return Content("\n\n".join(p for p in paragraphs if p))


def _lines(paragraph: str) -> list[str]:
    return [" ".join(line.split()) for line in paragraph.splitlines() if line.strip()]


def body_content(post: PostView) -> Content | None:
    """The body as plain content, or None when it needs the Markdown widget."""
    if post.removed:
        who = "a moderator" if post.removed_by_moderator else "its author"
        return Content.styled(f"This post was removed by {who}.", "italic $text-muted")
    # Cleaned for the terminal here, or by PostMarkdown: once on the way out.
    return None if needs_markdown(post.body) else plain_paragraphs(terminal_form(post.body))


def veil_content(warning: str | None, blocked: bool) -> Content:
    """What a hidden post shows instead of its words, and how to read them."""
    if blocked:
        return Content.styled(
            "Folded: you blocked this person. Press v to show this post.", "italic $text-muted"
        )
    return Content.assemble(
        ("Content warning: ", "bold $text-error"),
        format.line(warning),
        (" · press v to read it", "italic $text-muted"),
    )


class PostText(Static):
    """The header line (author, time, edited, depth) and, for plain posts, the body.

    One widget rather than two: a thread screen holds hundreds of posts and Textual's
    cost is per widget. Clicking the arrow at the start of the header folds the branch.
    """

    virtual_size = settled_virtual_size()  # a new post is laid out once, not twice

    def on_click(self, event: events.Click) -> None:
        post = self.parent
        if event.y == 0 and event.x < 2 and isinstance(post, PostWidget):
            event.stop()
            post.post_message(ask.Fold(post.post.id))


class Replies(PlainBox):
    """The box a post's replies are in: it grows with each reply, laid out once."""

    virtual_size = settled_virtual_size()


class PostWidget(PlainBox, can_focus=True):
    """A post and, inside it, its replies (the replies box exists only once it has some).

    Children: a :class:`PostText`, then a Markdown body if the post needs one, then the
    ``.replies`` box.
    """

    DEFAULT_CSS = """
    PostWidget { height: auto; }
    PostWidget > PostText, PostWidget > Markdown {
        height: auto; padding: 0 1; border-left: blank;
    }
    PostWidget > PostText.-last, PostWidget > Markdown { margin: 0 0 1 0; }
    PostWidget > Markdown > MarkdownParagraph:last-child { margin-bottom: 0; }
    PostWidget:focus > PostText, PostWidget:focus > Markdown {
        background: $boost; border-left: thick $accent;
    }
    PostWidget > .replies { height: auto; }
    PostWidget > .replies.-indent { margin-left: 1; border-left: vkey $primary 50%; }
    PostWidget:focus > .replies.-indent { border-left: vkey $accent; }
    PostWidget.-collapsed > .replies { display: none; }
    PostWidget > .reactions { height: auto; padding: 0 1; border-left: blank; margin: 0 0 1 0; }
    PostWidget:focus > .reactions { background: $boost; border-left: thick $accent; }
    """

    virtual_size = settled_virtual_size()  # it grows with its replies, laid out once

    BINDINGS = [
        Binding("down,j", "next", "Next", show=False),
        Binding("up,k", "previous", "Previous", show=False),
        Binding("enter,space", "fold", "Collapse"),
        Binding("enter,space", "unfold", "Expand"),
        Binding("p", "parent", "Parent"),
        Binding("r", "reply", "Reply"),
        Binding("e", "edit", "Edit"),
        Binding("x,delete", "remove", "Remove"),
        Binding("v", "reveal", "Show"),
        Binding("a", "pick_reaction", "React"),
        Binding("1", "react(1)", "Hug", show=False),
        Binding("2", "react(2)", "Me too", show=False),
        Binding("3", "react(3)", "Thank you", show=False),
        Binding("4", "react(4)", "I hear you", show=False),
        Binding("exclamation_mark", "report", "Report"),
        Binding("b", "block", "Block author"),
        Binding("b", "unblock", "Unblock author"),
    ]

    def __init__(
        self,
        post: PostView,
        *,
        own: bool,
        can_reply: bool,
        can_remove: bool,
        now: datetime,
        warning: str | None = None,
        blocked: bool = False,
        revealed: bool = False,
        reactions: dict[ReactionKind, int] | None = None,
        mine: set[ReactionKind] | None = None,
        can_react: bool = False,
        can_report: bool = False,
        can_block: bool = False,
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
        self.warning = warning
        """The writer's warning or the reader's hidden topics it mentions (None: none)."""
        self.blocked = blocked
        """Whether the reader blocked the author: the post is folded for them."""
        self.revealed = revealed
        """Whether the reader chose to read it despite the warning or the block."""
        self.reactions: dict[ReactionKind, int] = reactions or {}
        """How many of each supportive reaction the post has."""
        self.mine: set[ReactionKind] = mine or set()
        """The reader's own reactions to it."""
        self.can_react = can_react
        self.can_report = can_report
        self.can_block = can_block
        self.pending: list[PostWidget] = []
        """Replies built before this widget mounts; composed into its replies box."""
        self.hidden_count = 0
        """How many replies a fold hides (shown in the header while folded)."""
        self.new = False
        """Whether it came while the reader was here (or since their last visit)."""
        self._replies: Replies | None = None

    @property
    def collapsed(self) -> bool:
        return self.has_class("-collapsed")

    @property
    def has_replies_box(self) -> bool:
        return self._replies is not None

    async def replies(self) -> Replies:
        """The box replies are mounted in, made when the first reply arrives."""
        if self._replies is None:
            self._replies = self._replies_box()
            await self.mount(self._replies)
        return self._replies

    def _replies_box(self, *children: PostWidget) -> Replies:
        # Replies of the opening post read as the thread's comments: no indent for them.
        indent = 2 <= self.post.depth + 1 <= INDENT_CAP
        return Replies(*children, classes="replies -indent" if indent else "replies")

    def compose(self) -> ComposeResult:
        yield from self._card()
        if self.pending:
            self._replies = self._replies_box(*self.pending)
            yield self._replies
            self.pending = []

    @property
    def veiled(self) -> bool:
        """Whether only a warning (or "you blocked them") shows until the reader reveals it."""
        return bool(self.warning or self.blocked) and not self.revealed and not self.post.removed

    def _body(self) -> Content | None:
        if self.veiled:
            return veil_content(self.warning, self.blocked)
        return body_content(self.post)

    def _card(self) -> list[Widget]:
        body = self._body()
        reacted = None if self.post.removed else reaction_line(self.reactions, self.mine)
        if body is not None:
            text = Content("\n").join([self.header(), body, *([reacted] if reacted else [])])
            return [PostText(text, classes="-last", markup=False)]
        markdown = PostMarkdown(self.post.body)
        card: list[Widget] = [PostText(self.header(), markup=False), markdown]
        if reacted is not None:
            card.append(Static(reacted, classes="reactions", markup=False))
        return card

    async def rebuild(self) -> None:
        """Draw the card again (after a reveal or a reaction); replies stay as they are."""
        if not self.is_mounted:
            return
        for child in list(self.children):
            if child is not self._replies:
                await child.remove()
        if self._replies is not None:
            await self.mount_all(self._card(), before=self._replies)
        else:
            await self.mount_all(self._card())
        self.refresh_bindings()  # its keys follow (unblocked, revealed, removed)

    async def reveal(self) -> None:
        self.revealed = True
        await self.rebuild()

    async def set_reactions(self, counts: dict[ReactionKind, int], mine: set[ReactionKind]) -> None:
        self.reactions, self.mine = counts, mine
        await self.rebuild()

    def header(self) -> Content:
        p = self.post
        arrow = "▸ " if self.collapsed else "▾ "
        hidden = ""
        if self.collapsed and self.hidden_count:
            hidden = Content.styled(
                f"{format.count(self.hidden_count, 'reply', 'replies')} hidden",
                "bold $text-warning",
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
                Content.styled("new", "bold $text-success") if self.new else "",
                hidden,
            ),
        )

    def _refresh_header(self) -> None:
        if not self.is_mounted:
            return
        text = self.query_one(PostText)
        body = self._body()
        header = self.header()
        reacted = None if self.post.removed else reaction_line(self.reactions, self.mine)
        if body is None:
            text.update(header)
        else:
            text.update(Content("\n").join([header, body, *([reacted] if reacted else [])]))

    def mark_new(self) -> None:
        self.new = True
        self._refresh_header()

    def set_collapsed(self, collapsed: bool, hidden_count: int = 0) -> None:
        self.hidden_count = hidden_count
        self.set_class(collapsed, "-collapsed")
        self._refresh_header()
        self.refresh_bindings()

    def scroll_card_visible(self) -> None:
        """Bring the post itself (not its replies) into view."""
        for child in reversed([c for c in self.children if c is not self._replies]):
            child.scroll_visible(animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in _ASKS:
            return True
        if not self._keys_are_mine():
            return False
        live = not self.post.removed
        others = self.can_block and not self.own
        offered = {
            "edit": self.own and live,
            "remove": self.can_remove and live,
            "reply": self.can_reply,
            "fold": not self.collapsed,
            "unfold": self.collapsed,
            "parent": self.post.parent_id is not None,
            "reveal": self.veiled,
            "pick_reaction": self.can_react and live,
            "react": self.can_react and live,
            "report": self.can_report and not self.own and live,
            "block": others and not self.blocked,
            "unblock": others and self.blocked,
        }
        return offered.get(action, True)

    def _keys_are_mine(self) -> bool:
        """Whether this is the post the reader is on: the focus is on it, or inside it
        but not inside one of its replies. Replies sit inside their parent's widget, so a
        key the focused reply does not take (``e`` on someone else's reply) would
        otherwise act on the post it replies to, or on one further up."""
        node = self.screen.focused
        while node is not None and not isinstance(node, PostWidget):
            node = node.parent
        return node is self

    def _ask(self, message: type[ask.PostMessage]) -> None:
        self.post_message(message(self.post.id))

    def action_next(self) -> None:
        self._ask(ask.Next)

    def action_previous(self) -> None:
        self._ask(ask.Previous)

    def action_fold(self) -> None:
        self._ask(ask.Fold)

    def action_unfold(self) -> None:
        self._ask(ask.Fold)

    def action_parent(self) -> None:
        self._ask(ask.Parent)

    def action_reply(self) -> None:
        self._ask(ask.Reply)

    def action_edit(self) -> None:
        self._ask(ask.Edit)

    def action_remove(self) -> None:
        self._ask(ask.Remove)

    def action_reveal(self) -> None:
        self._ask(ask.Reveal)

    def action_pick_reaction(self) -> None:
        self._ask(ask.PickReaction)

    def action_react(self, number: int) -> None:
        self.post_message(ask.React(self.post.id, KINDS[number - 1]))

    def action_report(self) -> None:
        self._ask(ask.Report)

    def action_block(self) -> None:
        self._ask(ask.Block)

    def action_unblock(self) -> None:
        self._ask(ask.Unblock)


_ASKS = frozenset(
    name.removeprefix("action_") for name in vars(PostWidget) if name.startswith("action_")
)
"""The post's own actions (the others, such as scrolling, are always offered)."""
