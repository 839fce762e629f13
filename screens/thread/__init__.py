"""A thread's screen, in rooms of its own:

- :mod:`screens.thread.tree`: the reply tree as a plain model (no widgets);
- :mod:`screens.thread.posts`: the post widgets, kept in step with the tree;
- :mod:`screens.thread.header`: the title, notices and warning veil;
- :mod:`screens.thread.reading`: loading a screenful at a time, and where the keys are;
- :mod:`screens.thread.screen`: the keys and the writes; :func:`show_thread` opens one.
"""

from screens.thread.screen import ThreadScreen, show_thread

__all__ = ["ThreadScreen", "show_thread"]
