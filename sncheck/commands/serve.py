"""``sncheck serve``: the checker as a web page (docs/serve.md), for officers who do not use a terminal.

Default: 127.0.0.1:8765, this PC only. ``--host 0.0.0.0`` (or any address other PCs can reach)
serves an office; then a ``--token`` (or ``SNCHECK_TOKEN``) is required, or the server does not start
(exit 2): every request must carry it. ``--token`` without a value makes a random one. The address
to open (with the token, on first visit) is printed, and off loopback the addresses colleagues open
(``web.addresses``: this machine's name and IPv4 addresses); ``--open`` opens it in the browser.

Served by waitress (a production WSGI server in pure Python: runs the same on the county office's
Windows PCs and on the ministry's Linux server, with no compiler and no reverse proxy needed).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

import click

from sncheck.commands.common import make_checker, rules_dir_option
from sncheck.web.workers import DEFAULT_MEMORY_MB, DEFAULT_SECONDS, DEFAULT_WORKERS

ENV_TOKEN = "SNCHECK_TOKEN"
_GENERATE = "\0generate"


# Idle connections (no token needed to open one) are bounded and closed: about 97 idle sockets took the
# server down with waitress's defaults (100 connections, idle 120 s). An idle connection is closed after
# ``channel_timeout`` seconds without a byte (an upload that is still sending is not idle), checked every
# ``cleanup_interval``; past ``connection_limit`` open connections new ones wait in the listen backlog.
CONNECTION_BOUNDS = {"channel_timeout": 15, "cleanup_interval": 5, "connection_limit": 200}


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs --token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port (0: any free port).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@click.option("--token", is_flag=False, flag_value=_GENERATE, default=None, envvar=ENV_TOKEN,
              help=f"Access token every request must carry; alone: make a random one. To choose it, set ${ENV_TOKEN} "
                   "(a value here shows in the process list).")
@click.option("--token-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Read the access token from this file (its first non-blank line), so it shows in no process list.")
@click.option("--threads", type=click.IntRange(2, 64), default=8, show_default=True,
              help="Requests served at once (pages; checks run in the worker processes).")
@click.option("--workers", type=click.IntRange(1, 16), default=DEFAULT_WORKERS, show_default=True,
              help="Worker processes that run checks and downloads (uploads beyond them wait).")
@click.option("--check-seconds", type=click.FloatRange(1, 3600), default=DEFAULT_SECONDS, show_default=True,
              help="Time limit of each file's check (and of each download) in a worker; then it is stopped.")
@click.option("--check-memory-mb", type=click.IntRange(1280, 1024 * 1024), default=DEFAULT_MEMORY_MB,
              show_default=True, help="Address-space limit of each worker process (Linux, macOS; about 1 GB of it "
                                      "is reserved unused by the YAML reader).")
@rules_dir_option
def serve(host: str, port: int, open_browser: bool, token: str | None, token_file: Path | None, threads: int,
          workers: int, check_seconds: float, check_memory_mb: int, rule_dirs: tuple[Path, ...]) -> None:
    """Serve the checker as a web page: upload plans or roster workbooks, read the findings, download fixes.

    Exit status: 2 when it cannot start (no --token off loopback, port in use).
    """
    from sncheck.web.security import MIN_TOKEN_CHARS, is_loopback, new_token

    if token_file is not None:
        token = _read_token(token_file)
    if token == _GENERATE:
        token = new_token()
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        click.echo(f"sncheck serve: the token must have at least {MIN_TOKEN_CHARS} characters "
                   "(`sncheck serve --token` alone makes a random one)", err=True)
        sys.exit(2)
    if not is_loopback(host):
        click.echo(f"sncheck serve: WARNING: listening on {host}: other computers on the network can reach this "
                   "page. Uploaded plans hold personal data; use it only on a trusted office network "
                   "(docs/serve.md).", err=True)
        if not token:
            click.echo(f"sncheck serve: refusing to start on {host} without an access token: add --token "
                       f"(a random one is made) or set {ENV_TOKEN}", err=True)
            sys.exit(2)

    from waitress.server import create_server

    from sncheck.engine.checker import Options
    from sncheck.web.app import ServeSettings, create_app

    make_checker(Options(rule_dirs=rule_dirs))  # a broken --rules pack: say so now, not on the first upload
    from sncheck.web.uploads import remove_stale_folders

    remove_stale_folders()  # rosters left behind by a server killed mid-check
    # ``workers`` checks run; all other threads but two may wait for them, so one is always free for pages
    app = create_app(ServeSettings(token=token, rule_dirs=rule_dirs, max_waiting_checks=max(1, threads - workers - 1),
                                   workers=workers, check_seconds=check_seconds, check_memory_mb=check_memory_mb))
    try:
        server = create_server(app, host=host, port=port, threads=threads, ident="sncheck", **CONNECTION_BOUNDS)
    except OSError as exc:
        click.echo(f"sncheck serve: cannot listen on {host}:{port}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    bound_port = server.effective_port  # type: ignore[union-attr]
    from sncheck.web.addresses import serve_urls

    url, colleagues = serve_urls(host, bound_port, token)
    click.echo(f"sncheck serve: 請用瀏覽器開啟 / open {url}", err=True)
    for shared in colleagues:
        click.echo(f"sncheck serve: 給同事的網址 / for colleagues: {shared}", err=True)
    if not is_loopback(host) and not colleagues:
        click.echo("sncheck serve: 給同事的網址：把上面的 127.0.0.1 換成本機的網路位址 / for colleagues: the address "
                   "above with this machine's address in place of 127.0.0.1", err=True)
    click.echo("sncheck serve: 按 Ctrl+C 結束 / press Ctrl+C to stop", err=True)
    sys.stderr.flush()
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    _stop_on_terminate(app.extensions["sncheck"]["workers"].close)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        app.extensions["sncheck"]["workers"].close()
        server.close()


def _stop_on_terminate(stop_workers: Callable[[], None]) -> None:
    """``kill PID`` (SIGTERM, as a service manager stops it) and Ctrl+C end the server at once: the workers are
    stopped first (their private folders removed), then waitress's own shutdown, which catches the interrupt
    and waits up to 5 s for request threads: those waiting on a worker now end at once (a trial saw 5 s)."""
    import signal

    def stop(signum: int, frame: object) -> None:
        stop_workers()
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGINT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)


def _read_token(path: Path) -> str:
    """The token on ``path``'s first line that is not blank; a file that cannot be read stops the start (exit 2)."""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            first = next((line.strip() for line in iter(lambda: handle.readline(4096), "") if line.strip()), "")
    except (OSError, UnicodeDecodeError) as exc:
        click.echo(f"sncheck serve: cannot read the token file {path}: {getattr(exc, 'strerror', None) or exc}",
                   err=True)
        sys.exit(2)
    if not first:
        click.echo(f"sncheck serve: the token file {path} is empty", err=True)
        sys.exit(2)
    return first
