"""The web page's command-line options, shared by ``forum web`` and ``forum serve``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click


def _origins(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    from forum.web.options import parse_origins

    try:
        return parse_origins(value or "")
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def _networks(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[Any, ...]:
    from forum.web.options import parse_networks

    try:
        return parse_networks(value or "")
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def trust_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--allow-origin`` and ``--forwarded-allow``."""
    func = click.option(
        "--forwarded-allow",
        metavar="IP[,IP]",
        envvar="FORUM_WEB_FORWARDED_ALLOW",
        show_envvar=True,
        callback=_networks,
        help="Proxies (addresses or networks such as 10.0.0.0/8) whose X-Forwarded-For "
        "header names the visitor, for the limits and the log. Default: none.",
    )(func)
    return click.option(
        "--allow-origin",
        metavar="ORIGIN[,ORIGIN]",
        envvar="FORUM_WEB_ALLOW_ORIGIN",
        show_envvar=True,
        callback=_origins,
        help="Pages (such as https://forum.example.org) allowed to open the websocket. "
        "Default: the page's own address, as the browser asked for it.",
    )(func)


def web_options(
    host: str, port: int, allow_origin: tuple[str, ...], forwarded_allow: tuple[Any, ...]
) -> Any:
    from forum.web.options import WebOptions

    return WebOptions(
        host=host, port=port, allow_origins=allow_origin, forwarded_allow=forwarded_allow
    )
