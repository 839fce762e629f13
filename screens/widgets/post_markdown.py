"""A post's Markdown as readers need it: each link says where it goes, and a line break
stays a line break.

Textual's Markdown shows only a link's text, so ``[your bank](http://evil.example)`` reads
as "your bank". Here the address follows the text, muted: ``your bank (http://evil.example)``,
once only when the text already is the address. The address is the parser's normalised
one, so a look-alike host shows in its ``xn--`` form. People write poems and lists with
single line breaks; as on Discourse, each one is kept rather than joined into a paragraph.
"""

from __future__ import annotations

from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from textual.await_complete import AwaitComplete
from textual.content import Content
from textual.widgets import Markdown

from models.text import clean_line, terminal_form
from screens.textual_compat import markdown_blocks_with, settled_virtual_size

_ADDRESS = "\x00"
"""Brackets an address added to the tokens, so the block can mute it. Cleaned text never
holds it, and markdown-it turns any NUL in its source into U+FFFD."""

_SCHEMES = ("https://", "http://", "mailto:")


def shown_address(href: str) -> str:
    """The address as it is shown: cleaned like any user text, on one line."""
    return terminal_form(clean_line(href))


def says_where_it_goes(text: str, href: str) -> bool:
    """Whether a link's text already shows its address (``<http://a.example>``,
    ``www.a.example``), so the address need not be repeated."""
    text, href = text.strip(), unquote(href)  # the parser percent-encodes the address
    if text == href:
        return True
    if any(text.startswith(s) for s in _SCHEMES):
        return False  # ``[https://bank.example](http://bank.example)`` is not the same
    bare = href
    for scheme in _SCHEMES:
        bare = bare.removeprefix(scheme)
    return text.rstrip("/") == bare.rstrip("/")


def _address_token(text: str, href: str) -> list[Token]:
    if not href or says_where_it_goes(text, href):
        return []
    return [Token("text", "", 0, content=f" {_ADDRESS}({shown_address(href)}){_ADDRESS}")]


def _addresses_and_breaks(state: StateCore) -> None:
    """A core rule: an address token after each link and image; hard line breaks."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        href: str | None = None
        text: list[str] = []
        for child in block.children:
            if child.type == "softbreak":
                child = Token("hardbreak", "br", 0)
            children.append(child)
            if child.type == "link_open":
                href, text = str(child.attrs.get("href", "")), []
            elif child.type == "link_close" and href is not None:
                children += _address_token("".join(text), href)
                href = None
            elif child.type == "image":
                children += _address_token("", str(child.attrs.get("src", "")))
            elif href is not None and child.type in ("text", "code_inline"):
                text.append(child.content)
        block.children = children


def post_parser() -> MarkdownIt:
    """Textual's default parser ("gfm-like") with the rule above."""
    parser = MarkdownIt("gfm-like")
    parser.core.ruler.push("forum_addresses_and_breaks", _addresses_and_breaks)
    return parser


def _mute_addresses(content: Content) -> Content:
    """The block's content with each bracketed address muted (and the brackets gone)."""
    if _ADDRESS not in content.plain:
        return content
    pieces: list[Content] = []
    start = 0
    for index, piece in enumerate(content.plain.split(_ADDRESS)):
        part = content[start : start + len(piece)]
        pieces.append(part.stylize("$foreground-muted") if index % 2 else part)
        start += len(piece) + 1
    return Content("").join(pieces)


class PostMarkdown(Markdown):
    """Textual's Markdown with addresses beside links, kept line breaks and links that
    never open (over SSH a browser would open on the server)."""

    BLOCKS = markdown_blocks_with(_mute_addresses)
    virtual_size = settled_virtual_size()  # a new post is laid out once, not twice

    def __init__(self, markdown: str, **kwargs: object) -> None:
        # Shown through update() once mounted, which cleans it: once on the way out.
        super().__init__(markdown, parser_factory=post_parser, open_links=False, **kwargs)

    def update(self, markdown: str) -> AwaitComplete:
        return super().update(terminal_form(markdown))
