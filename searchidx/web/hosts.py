"""Which ``Host`` headers the server answers: the DNS-rebinding defence.

A web page on ``evil.example`` can make its name resolve to 127.0.0.1 and then
read ``http://evil.example:8000/export?q=`` with the user's browser, same
origin as far as the browser knows. The browser still sends
``Host: evil.example``, so answering only the names the server is really
reached by (loopback, the address it listens on, and ``--allowed-host``
additions) defeats it. ``*`` allows any host (behind a proxy that checks).
"""

from __future__ import annotations

from collections.abc import Iterable

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
ANY_HOST = "*"


def host_name(value: str) -> str:
    """The name in a Host header or option, lower case, without port, brackets or final dot."""
    text = value.strip().lower()
    if text.startswith("["):  # [::1]:8000
        return text[1:].partition("]")[0]
    if text.count(":") == 1:  # name:port (more colons: a bare IPv6 address)
        text = text.partition(":")[0]
    return text.rstrip(".")


def trusted_hosts(extra: Iterable[str] = ()) -> frozenset[str]:
    """The loopback names plus ``extra`` (bound address, --allowed-host), normalised."""
    return frozenset(host_name(name) for name in (*LOOPBACK_HOSTS, *extra) if name.strip())


def is_trusted(header: str | None, trusted: frozenset[str]) -> bool:
    if ANY_HOST in trusted:
        return True
    return header is not None and host_name(header) in trusted
