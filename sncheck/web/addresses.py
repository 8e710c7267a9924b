"""The addresses colleagues open when ``sncheck serve --host 0.0.0.0`` serves an office.

``0.0.0.0`` means "every address of this machine", which no browser can open; ``127.0.0.1`` is each
PC's own. What a colleague can open is this machine's host name or one of its non-loopback IPv4
addresses. They come from local name resolution only (``socket.gethostname`` and ``getaddrinfo`` on
it: the hosts file, the system resolver's cache or mDNS, nothing sent to a server of ours); when it
finds none, the page says "this machine's address" instead of printing an address that would not work.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any, Callable, Sequence

from sncheck.web.security import is_loopback

WILDCARDS = ("0.0.0.0", "::", "")


def machine_addresses(gethostname: Callable[[], str] = socket.gethostname,
                      getaddrinfo: Callable[..., Sequence[Any]] = socket.getaddrinfo) -> tuple[str | None, list[str]]:
    """(host name, its non-loopback IPv4 addresses in the resolver's order); (None, []) when unknown."""
    try:
        name = gethostname() or None
    except OSError:
        return None, []
    if name is None:
        return None, []
    try:
        infos = getaddrinfo(name, None, socket.AF_INET, socket.SOCK_STREAM)
    except (OSError, UnicodeError):  # socket.gaierror is an OSError
        infos = []
    found: list[str] = []
    for info in infos:
        address = str(info[4][0])
        try:
            if ipaddress.ip_address(address).is_loopback or address in found:
                continue
        except ValueError:
            continue
        found.append(address)
    # a name that resolves only to loopback (Debian's 127.0.1.1 line) may not resolve on colleagues' PCs
    # either; it is still printed: on an office network with DNS or NetBIOS it is the address to give
    return name, found


def url_for_host(host: str, port: int, token: str | None) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/" + (f"?token={token}" if token else "")


def serve_urls(host: str, port: int, token: str | None,
               lookup: Callable[[], tuple[str | None, list[str]]] | None = None) -> tuple[str, list[str]]:
    """(the address for this machine, the addresses for colleagues). Listening on one address: that one
    for both (loopback: no colleagues). On every address (``0.0.0.0``): loopback here, and the host name
    and IPv4 addresses for colleagues; an empty list when none could be found (the caller says so)."""
    if host not in WILDCARDS:
        own = url_for_host(host, port, token)
        return own, [] if is_loopback(host) else [own]
    name, addresses = (lookup or machine_addresses)()
    others = ([name] if name else []) + addresses
    return url_for_host("127.0.0.1", port, token), [url_for_host(h, port, token) for h in others]
