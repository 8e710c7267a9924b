"""Who may use an office server, and which form posts are real: the access token and the CSRF check.

**Token** (``--token`` / ``SNCHECK_TOKEN``; required off loopback): every request carries it, as
``Authorization: Bearer TOKEN`` or ``X-Sncheck-Token: TOKEN``, or as the cookie a first visit to
``/?token=TOKEN`` sets (HttpOnly, SameSite=Strict; the page then reloads without the token, so it
stays out of the address bar, history and Referer headers). Compared in constant time.

**CSRF**: a form post must carry, in a hidden field, the random value the page's cookie holds
(double-submit: another site can make a browser send the cookie, but cannot read it to fill the
field; SameSite=Strict keeps it from being sent at all by modern browsers), and its ``Origin`` (when
the browser sends one) must be this server. A failed check is 403 and nothing is checked. A post whose
valid token came in a header (a script on an office server) needs no CSRF value: no other site's page
can make a browser add that header.

No library: Flask has no CSRF of its own, and Flask-WTF would bring WTForms for one hidden field.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from typing import Any, Mapping
from urllib.parse import urlsplit

TOKEN_COOKIE = "sncheck_token"
CSRF_COOKIE = "sncheck_csrf"
CSRF_FIELD = "csrf"
MIN_TOKEN_CHARS = 32  # a random one (``new_token``) has 32; 16 was accepted before issue 23
HOST_REFUSED = {
    "zh": "這個網址的主機名稱不是本機（127.0.0.1 或 localhost），已拒絕。請直接開啟 sncheck serve 印出的網址。",
    "en": "this address does not name this PC (127.0.0.1 or localhost); refused. Open the address sncheck serve printed.",
}


def is_loopback(host: str) -> bool:
    """127.0.0.1, ::1, localhost: only this PC can connect, so no token is needed."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any interface


def new_token() -> str:
    return secrets.token_urlsafe(24)


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode(), str(b).encode())


def presented_token(headers: Any, cookies: Mapping[str, str], args: Mapping[str, str]) -> str | None:
    """The token a request carries (header, cookie or ``?token=``), or None."""
    auth = headers.get("Authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return headers.get("X-Sncheck-Token") or cookies.get(TOKEN_COOKIE) or args.get("token")


def token_in_header(headers: Any, token: str) -> bool:
    """The valid token came in a header (a script, ``curl -H``): a cross-site form cannot set headers, so
    such a post needs no CSRF value. Any other ``Authorization`` header (a proxy's own, Basic auth) does
    not count: before issue 23 its mere presence switched the CSRF and Origin checks off."""
    auth = headers.get("Authorization", "")
    bearer = auth[7:].strip() if auth.lower().startswith("bearer ") else None
    return same(bearer, token) or same(headers.get("X-Sncheck-Token"), token)


def host_is_loopback(host_header: str | None) -> bool:
    """The Host a browser asked for names this PC. A tokenless server (loopback only) refuses any other:
    a page of another site whose name is made to resolve to 127.0.0.1 (DNS rebinding) would send its own
    name, and could otherwise drive this server from the officer's browser."""
    host = (host_header or "").strip().lower()
    name = host[1:host.index("]")] if host.startswith("[") and "]" in host else host.rsplit(":", 1)[0]
    return bool(name) and is_loopback(name)


def origin_ok(origin: str | None, host: str | None) -> bool:
    """A post from a page of this server (or from a browser that sends no Origin)."""
    if not origin:
        return True
    if origin == "null" or not host:
        return False
    return urlsplit(origin).netloc.lower() == host.lower()


def csrf_ok(cookie: str | None, submitted: str | None, origin: str | None, host: str | None) -> bool:
    return same(cookie, submitted) and origin_ok(origin, host)
