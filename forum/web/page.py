"""The page: a terminal, the crisis line in plain HTML under it, and the headers that keep
it to itself (a strict Content-Security-Policy; everything comes from this server)."""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).with_name("static")
"""The page's scripts, styles and fonts (xterm.js and Roboto Mono vendored, with licences)."""

CRISIS_LINE = "In crisis? Call or text 988 (US), 116 123 (UK), or findahelpline.com"
"""Under the terminal, in plain HTML: readable if scripts never run."""

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        # xterm.js writes its colours and cell size into <style> elements as it runs
        # (no nonce support in 6.0), so inline styles are allowed; scripts never are.
        "style-src 'self' 'unsafe-inline'",
        "font-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), clipboard-read=()",
}

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>forum</title>
<link rel="stylesheet" href="static/xterm/xterm.css">
<link rel="stylesheet" href="static/forum.css">
<script src="static/xterm/xterm.js" defer></script>
<script src="static/xterm/addon-fit.js" defer></script>
<script src="static/xterm/addon-webgl.js" defer></script>
<script src="static/forum.js" defer></script>
</head>
<body>
<main id="terminal" aria-label="forum" data-socket="ws"></main>
<div id="link" class="bar" hidden>
  <span>Opened in a new tab:</span> <a id="link-address" target="_blank"
  rel="noopener noreferrer"></a> <button id="link-close" type="button">Close</button>
</div>
<div id="ended" class="bar" hidden>
  <span id="ended-why">Your session has ended.</span>
  <button id="again" type="button">Connect again</button>
</div>
<noscript><p class="bar">The forum needs JavaScript in this page. It is also served over
SSH: ask whoever runs it for the address.</p></noscript>
<footer class="crisis"><p>In crisis? Call or text <a href="tel:988">988</a> (US),
<a href="tel:116123">116 123</a> (UK), or <a href="https://findahelpline.com"
target="_blank" rel="noopener noreferrer">findahelpline.com</a></p></footer>
</body>
</html>
"""
