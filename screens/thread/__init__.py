"""A thread's screen, in rooms of its own:

- :mod:`screens.thread.tree`: the reply tree as a plain model (no widgets);
- :mod:`screens.thread.posts`: the post widgets, kept in step with the tree;
- :mod:`screens.thread.header`: the title, notices and warning veil;
- :mod:`screens.thread.reading`: loading a screenful at a time, and where the keys are;
- :mod:`screens.thread.screen`: the keys and the writes;
- :mod:`screens.thread.opening`: :func:`show_thread`, the one way to open one.
"""

from screens.thread.opening import show_thread
from screens.thread.screen import ThreadScreen

__all__ = ["ThreadScreen", "show_thread"]
