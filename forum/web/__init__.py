"""The forum in a web browser: a page with a terminal (xterm.js, served by the app itself)
whose websocket runs one session of the same App, in this process, as SSH sessions do.

Each visitor is an ordinary SSH-style session (forum.ssh.session.AppSession, with its
driver and output flow control) on a websocket-backed channel (channel.py), counted
against the same session cap, per-address cap and password throttle as SSH (the server's
own objects, forum.ssh.server.ForumServer). `forum web` serves the page alone;
`forum serve --web-port` serves it beside SSH, one set of sessions and one event feed.
"""
