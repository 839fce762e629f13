"""Bracketed pastes stay text: what a person pastes is never read as keys.

Textual's XTermParser (8.2) takes an ESC inside a bracketed paste for the start of a key
sequence. The characters after it leave the paste as key presses (a pasted BEL is ctrl+g,
which opens Get help; a pasted ESC is the Escape key, which leaves the screen), and the
paste's own start arrives last, on whatever screen those keys opened. Text copied from a
terminal, or put on the clipboard by a hostile page, carries such sequences.

:class:`PasteGuard` sits in front of the parser. It passes the paste markers through and
holds a paste's content until its end marker, then hands it on without any escape
sequence, so the parser sees one plain paste. Outside pastes the input is untouched.
"""

from __future__ import annotations

import re

START = "\x1b[200~"
END = "\x1b[201~"
MAX_HELD = 1_000_000
"""Characters of one paste held at most; past this they go on as they come (still
without escapes)."""

_ESCAPE_SEQUENCE = re.compile(
    r"\x1b(?:"
    r"\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clears
    r"|[\]P^_X][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, DCS, PM, APC, SOS: up to BEL or ST
    r"|[ -~]"  # two-character sequences
    r")?"
)


def without_escapes(text: str) -> str:
    """``text`` with every terminal escape sequence (and any lone ESC) removed."""
    return _ESCAPE_SEQUENCE.sub("", text)


def _partial_end(text: str) -> int:
    """How many characters at the end of ``text`` could begin the end marker."""
    for size in range(min(len(END) - 1, len(text)), 0, -1):
        if text.endswith(END[:size]):
            return size
    return 0


class PasteGuard:
    """Filters a session's input text on its way to the parser (one per session)."""

    def __init__(self) -> None:
        self.pasting = False
        """Between a start marker and its end marker."""
        self._held: list[str] = []
        """The content of the paste under way."""
        self._held_size = 0
        self._tail = ""
        """The end of the last read inside a paste, if it could begin the end marker."""
        self._recent = ""
        """The last input outside a paste: a start marker may be split across reads."""

    def filter(self, text: str) -> str:
        """What the parser should see of ``text``, the next input read."""
        out: list[str] = []
        while text:
            if not self.pasting:
                seen = self._recent + text
                at = seen.find(START)
                if at < 0:
                    out.append(text)
                    self._recent = seen[-(len(START) - 1) :]
                    break
                cut = at + len(START) - len(self._recent)
                out.append(text[:cut])
                text = text[cut:]
                self._recent = ""
                self.pasting = True
            else:
                text = self._paste_part(text, out)
        return "".join(out)

    def _paste_part(self, text: str, out: list[str]) -> str:
        """Hold ``text`` as paste content up to the end marker; return what follows."""
        text, self._tail = self._tail + text, ""
        at = text.find(END)
        if at < 0:
            keep = _partial_end(text)
            self._hold(text[: len(text) - keep], out)
            self._tail = text[len(text) - keep :]
            return ""
        self._hold(text[:at], out)
        out.append(self._release() + END)
        self.pasting = False
        return text[at + len(END) :]

    def _hold(self, content: str, out: list[str]) -> None:
        self._held.append(content)
        self._held_size += len(content)
        if self._held_size > MAX_HELD:
            out.append(self._release())

    def _release(self) -> str:
        content = without_escapes("".join(self._held))
        self._held.clear()
        self._held_size = 0
        return content
