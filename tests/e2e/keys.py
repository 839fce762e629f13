"""Bytes a terminal sends for the keys the end-to-end tests press."""

ENTER = b"\r"
TAB = b"\t"
ESCAPE = b"\x1b"
CTRL_G = b"\x07"  # get help now
CTRL_Q = b"\x11"  # quit
CTRL_S = b"\x13"  # post
F5 = b"\x1b[15~"  # reload
