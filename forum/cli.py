"""The ``forum`` command: run the app, serve it over SSH, and look after the database."""

from __future__ import annotations

import asyncio
import dataclasses
import sys
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any

import click

from forum import config
from forum.cli_web import trust_options, web_options
from forum.db_url import safe_url
from models.errors import ForumError

ROLES = click.Choice(["member", "moderator", "admin"], case_sensitive=False)


def run(coro: Awaitable[Any]) -> Any:
    """Run ``coro``, turning every expected failure into one line and exit status 1."""
    try:
        return asyncio.run(coro)  # type: ignore[arg-type]
    except (ForumError, config.ConfigError) as error:
        raise click.ClickException(getattr(error, "message", str(error))) from None
    except OSError as error:
        raise click.ClickException(
            f"Cannot reach the database: {error.strerror or error}"
        ) from None
    except Exception as error:  # database drivers raise many types; say what happened
        if type(error).__module__.split(".")[0] in {"asyncpg", "tortoise", "sqlite3", "aiosqlite"}:
            raise click.ClickException(f"Database error: {error}") from None
        raise


def with_database(func: Callable[..., Awaitable[Any]]) -> Callable[..., Any]:
    """Open the database (migrated, seeded) around a command's coroutine."""

    @click.pass_obj
    @wraps(func)
    def command(settings: config.Settings, *args: Any, **kwargs: Any) -> Any:
        async def main() -> Any:
            from forum.database import connected

            async with connected(settings):
                return await func(*args, **kwargs)

        return run(main())

    return command


class UsageMistake(click.ClickException):
    """A mistake in the command line, shown as one line like every other error."""

    exit_code = 2  # click's status for usage errors


@contextmanager
def one_line_usage_errors() -> Iterator[None]:
    """Click shows a usage error as its usage block, a hint and then the error; the
    README promises one line ("Error: ..."), so keep only that line."""
    try:
        yield
    except click.exceptions.NoArgsIsHelpError:
        raise  # a group given no command: its help is the answer
    except click.UsageError as error:
        raise UsageMistake(error.format_message()) from None


class ForumGroup(click.Group):
    """The top-level group: every usage error below it becomes one line."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with one_line_usage_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with one_line_usage_errors():  # the subcommands parse their arguments in here
            return super().invoke(ctx)


@click.group(cls=ForumGroup, invoke_without_command=True)
@click.option(
    "--data-dir",
    envvar="FORUM_DATA_DIR",
    type=click.Path(file_okay=False),
    help="Where the forum keeps its files (default: the platform's user data folder).",
)
@click.option(
    "--database-url",
    envvar="FORUM_DATABASE_URL",
    help="sqlite://PATH (default: forum.sqlite3 in the data dir) or postgres://USER@HOST/DB.",
)
@click.version_option(package_name="forum")
@click.pass_context
def main(ctx: click.Context, data_dir: str | None, database_url: str | None) -> None:
    """A terminal community where people share what they are going through.

    Run with no command to open the forum in this terminal.
    """
    try:
        ctx.obj = config.load(data_dir, database_url)
    except config.ConfigError as error:
        raise click.ClickException(str(error)) from None
    if ctx.invoked_subcommand is None:
        from forum.local import run_local

        run(run_local(ctx.obj))


def limit_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """One option per SSH limit (``--max-sessions`` / ``FORUM_SSH_MAX_SESSIONS``...),
    named, typed and described from ``forum.ssh.Limits`` so they cannot drift apart."""
    from forum.ssh.limits import Limits, descriptions

    helps = descriptions()
    for field in reversed(dataclasses.fields(Limits)):
        default = field.default
        kind = (
            click.IntRange(min=1)
            if isinstance(default, int)
            else click.FloatRange(min=0, min_open=True)
        )
        func = click.option(
            f"--{field.name.replace('_', '-')}",
            field.name,
            type=kind,
            default=default,
            show_default=True,
            envvar=f"FORUM_SSH_{field.name.upper()}",
            show_envvar=True,
            help=helps.get(field.name, ""),
        )(func)
    return func


def listen_options(
    service: str, port: int, host_help: str
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--host, --port and --log-level, read from FORUM_<service>_HOST and _PORT."""
    options = [
        click.option(
            "--host", default="127.0.0.1", show_default=True, envvar=f"FORUM_{service}_HOST",
            show_envvar=True, help=host_help,
        ),
        click.option(
            "--port", type=click.IntRange(0, 65535), default=port, show_default=True,
            envvar=f"FORUM_{service}_PORT", show_envvar=True,
            help="Port to listen on (0 picks a free one and prints it).",
        ),
        click.option(
            "--log-level",
            type=click.Choice(["debug", "info", "warning", "error"], case_sensitive=False),
            default="info", show_default=True, envvar="FORUM_LOG_LEVEL",
            help="How much the server logs to stderr.",
        ),
    ]  # fmt: skip

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


@main.command()
@listen_options("SSH", 2222, "Address to listen on (0.0.0.0 or :: for every interface).")
@click.option(
    "--workers",
    type=click.IntRange(1, 256),
    envvar="FORUM_SSH_WORKERS",
    show_envvar=True,
    help="Worker processes sharing the port, each with its own sessions "
    "(default: one a core on PostgreSQL, 1 on SQLite, which allows no more).",
)
@click.option(
    "--host-key",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="FORUM_SSH_HOST_KEY",
    show_envvar=True,
    help="The host key file (made if missing). Give every host behind a balancer the "
    "same one. Default: ssh_host_ed25519_key in the data directory.",
)
@click.option(
    "--proxy-protocol",
    is_flag=True,
    envvar="FORUM_SSH_PROXY_PROTOCOL",
    show_envvar=True,
    help="Connections come from a TCP balancer (HAProxy's send-proxy or send-proxy-v2) "
    "that names each client: limits and the log see the client's address.",
)
@click.option(
    "--web-port",
    type=click.IntRange(0, 65535),
    envvar="FORUM_SSH_WEB_PORT",
    show_envvar=True,
    help="Serve the web page too, on this port, on the same sessions.",
)
@click.option(
    "--web-host",
    envvar="FORUM_SSH_WEB_HOST",
    show_envvar=True,
    help="Address the web page listens on (default: --host). Keep it 127.0.0.1 behind a "
    "TLS proxy while SSH listens on every interface.",
)
@trust_options
@limit_options
@click.pass_obj
def serve(
    settings: config.Settings,
    host: str,
    port: int,
    log_level: str,
    workers: int | None,
    host_key: Path | None,
    proxy_protocol: bool,
    web_port: int | None,
    web_host: str | None,
    allow_origin: tuple[str, ...],
    forwarded_allow: tuple[Any, ...],
    **limits: Any,
) -> None:
    """Serve the forum over SSH: ssh -p PORT NAME@HOST (or new@ to sign up, guest@ to read).

    With --web-port, the same forum is also a web page, for people without a terminal.
    Runs until SIGINT (ctrl+c) or SIGTERM; then every session is told and ended.
    """
    from forum.ssh.limits import Limits
    from forum.ssh.service import configure_logging
    from forum.ssh.service import serve as serve_forever
    from forum.ssh.workers import check_workers, default_workers, supervise

    try:
        chosen = Limits(**limits)
    except ValueError as error:
        raise click.ClickException(f"Invalid limit: {error}") from None
    workers = workers or default_workers(settings)
    try:
        check_workers(settings, workers)
    except config.ConfigError as error:
        raise UsageMistake(str(error)) from None
    configure_logging(log_level)
    page = None
    if web_port is not None:
        page = web_options(web_host or host, web_port, allow_origin, forwarded_allow)
    if workers == 1:
        options = {"host_key": host_key, "proxy_protocol": proxy_protocol, "web": page}
        run(serve_forever(settings, host, port, chosen, announce=click.echo, **options))
        return
    run(
        supervise(
            settings,
            host,
            port,
            chosen,
            workers=workers,
            log_level=log_level,
            announce=click.echo,
            host_key=host_key,
            proxy_protocol=proxy_protocol,
            web=page,
        )
    )


@main.command()
@listen_options(
    "WEB",
    8080,
    "Address to listen on (0.0.0.0 or :: for every interface; put a TLS proxy in front).",
)
@trust_options
@limit_options
@click.pass_obj
def web(
    settings: config.Settings,
    host: str,
    port: int,
    log_level: str,
    allow_origin: tuple[str, ...],
    forwarded_allow: tuple[Any, ...],
    **limits: Any,
) -> None:
    """Serve the forum as a web page: open http://HOST:PORT/ in a browser.

    Visitors arrive as guests on the boards; signing in and up happen in the page. The
    limits are SSH's (one set for both when `forum serve --web-port` serves the two).
    Runs until SIGINT (ctrl+c) or SIGTERM; then every session is told and ended.
    """
    from forum.ssh.limits import Limits
    from forum.ssh.service import configure_logging
    from forum.ssh.service import serve as serve_forever

    try:
        chosen = Limits(**limits)
    except ValueError as error:
        raise click.ClickException(f"Invalid limit: {error}") from None
    configure_logging(log_level)
    page = web_options(host, port, allow_origin, forwarded_allow)
    run(serve_forever(settings, host, port, chosen, announce=click.echo, web=page, ssh=False))


@main.group()
def db() -> None:
    """Create, migrate and fill the database."""


@db.command("migrate")
@click.pass_obj
def db_migrate(settings: config.Settings) -> None:
    """Bring the database schema up to date."""

    async def main() -> None:
        if not settings.is_postgres:
            config.ensure_data_dir(settings)
        from forum.database import migrate

        await migrate(
            settings.database_url,
            step_seconds=settings.startup_timeout,
            search_language=settings.search_language,
        )

    run(main())
    click.echo(f"Database is up to date: {safe_url(settings.database_url)}")


@db.command("seed")
@click.option(
    "--demo",
    type=click.IntRange(min=1, max=1_000_000),
    required=True,
    help="How many demo threads (each with a few nested replies) to write.",
)
@with_database
async def db_seed(demo: int) -> None:
    """Add demo threads with replies for trying the forum out."""
    from models.demo import seed_demo

    with click.progressbar(length=demo, label="Writing demo threads", file=sys.stderr) as bar:
        posts = await seed_demo(demo, bar.update)
    click.echo(f"Wrote {demo} threads with {posts} posts.")


@main.group()
def user() -> None:
    """Create accounts, set passwords and change roles from the server's command line."""


@user.command("create")
@click.argument("name")
@click.option("--role", type=ROLES, default="member", show_default=True)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input.",
)
@click.option("--display-name", help="The name shown on posts (default: the username).")
def user_create(name: str, role: str, password_stdin: bool, display_name: str | None) -> None:
    """Create an account NAME."""
    _user_create(name, _read_password(password_stdin), role, display_name)


def _read_password(from_stdin: bool) -> str:
    """The first line of standard input, or asked twice without echoing it."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@with_database
async def _user_create(name: str, password: str, role: str, display_name: str | None) -> None:
    from models import accounts

    created = await accounts.register(name, password, display_name, role=accounts.parse_role(role))
    click.echo(f"Created {created.role.value if created.role else 'member'} {created.username}.")


@user.command("role")
@click.argument("name")
@click.argument("role", type=ROLES, metavar="ROLE")
@with_database
async def user_role(name: str, role: str) -> None:
    """Give the account NAME the role ROLE."""
    from models import accounts

    changed = await accounts.set_role_unchecked(name, role)
    click.echo(f"{changed.username} is now {role}.")


@user.command("set-password")
@click.argument("name")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the new password from the first line of standard input.",
)
def user_set_password(name: str, password_stdin: bool) -> None:
    """Give the account NAME a new password (for someone locked out)."""
    _user_set_password(name, _read_password(password_stdin))


@with_database
async def _user_set_password(name: str, password: str) -> None:
    from models import accounts

    changed = await accounts.set_password_unchecked(name, password)
    click.echo(f"Set a new password for {changed.username}.")


MAX_KEY_FILE = 64 * 1024
"""Bytes read from a KEYFILE: public keys are short; more is surely the wrong file."""


@user.command("add-key")
@click.argument("name")
@click.argument("keyfile", type=click.File("r", encoding="utf-8", errors="replace"))
@click.option("--label", help="A name for the key (default: the key's comment).")
def user_add_key(name: str, keyfile: Any, label: str | None) -> None:
    """Let NAME sign in over SSH with the public key in KEYFILE (e.g. id_ed25519.pub; - reads
    standard input). Every key line in the file is added."""
    lines = [
        line.strip()
        for line in keyfile.read(MAX_KEY_FILE).splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not lines:
        raise click.ClickException(f"{keyfile.name} holds no public key.")
    _user_add_keys(name, lines, label)


@with_database
async def _user_add_keys(name: str, lines: list[str], label: str | None) -> None:
    from models import keys

    for line in lines:
        added = await keys.add_key_for(name, line, label)
        click.echo(f"Added {added.algorithm} key {added.fingerprint} for {name}.")


if __name__ == "__main__":  # pragma: no cover
    main()
