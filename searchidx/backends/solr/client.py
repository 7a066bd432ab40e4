"""A small Solr HTTP client (stdlib urllib): JSON in, JSON out, one-line errors.

Every failure becomes a :class:`SolrError` whose message names the URL and what
went wrong (connection refused, timeout, Solr's own error message), never a
traceback.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from typing import Any

from searchidx.backends.solr.errors import SolrError, SolrUnavailableError

DEFAULT_TIMEOUT = 60.0
Params = Mapping[str, str | int | float | bool | Sequence[str]]


class SolrClient:
    """Requests against one Solr base URL (``http://host:port/solr``)."""

    def __init__(self, base_url: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def get(self, path: str, params: Params | None = None) -> dict[str, Any]:
        return self._request(path, params, None, None)

    def post_json(self, path: str, body: Any, params: Params | None = None) -> dict[str, Any]:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        return self._request(path, params, data, "application/json")

    def post_form(self, path: str, params: Params) -> dict[str, Any]:
        """Parameters in the body: long term lists do not fit in a URL."""
        data = _encode(params).encode("utf-8")
        return self._request(path, None, data, "application/x-www-form-urlencoded")

    def post_bytes(
        self, path: str, data: bytes, content_type: str, params: Params | None = None
    ) -> dict[str, Any]:
        return self._request(path, params, data, content_type)

    def _request(
        self, path: str, params: Params | None, data: bytes | None, content_type: str | None
    ) -> dict[str, Any]:
        url = f"{self.base_url}/{path.lstrip('/')}?{_encode({'wt': 'json', **(params or {})})}"
        request = urllib.request.Request(url, data=data, method="GET" if data is None else "POST")
        if content_type is not None:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return _json_body(response.read(), url)
        except urllib.error.HTTPError as error:
            raise SolrError(
                f"Solr answered {error.code} to {_short(url)}: {_message(error)}"
            ) from None
        except urllib.error.URLError as error:
            raise _connection_error(self.base_url, error.reason) from None
        except TimeoutError:
            raise SolrUnavailableError(
                f"Solr at {self.base_url} did not answer within {self.timeout:g} s",
                hint="the cluster may be overloaded or a node down; retry, or check its logs",
            ) from None
        except (ConnectionError, OSError) as error:
            raise _connection_error(self.base_url, error) from None


def _encode(params: Params) -> str:
    pairs: list[tuple[str, str]] = []
    for name, value in params.items():
        values = [value] if isinstance(value, str | int | float | bool) else list(value)
        for item in values:
            text = ("true" if item else "false") if isinstance(item, bool) else str(item)
            pairs.append((name, text))
    return urllib.parse.urlencode(pairs)


def _json_body(raw: bytes, url: str) -> dict[str, Any]:
    try:
        body = json.loads(raw)
    except ValueError:
        raise SolrError(f"{_short(url)} did not answer with JSON; is this a Solr URL?") from None
    if not isinstance(body, dict):
        raise SolrError(f"{_short(url)} answered unexpected JSON; is this a Solr URL?")
    return body


def _message(error: urllib.error.HTTPError) -> str:
    try:
        body = json.loads(error.read())
        message = body.get("error", {}).get("msg") or body.get("error", {}).get("trace", "")
    except (ValueError, AttributeError, OSError):
        message = error.reason
    return " ".join(str(message).split())[:300] or "no message"


def _connection_error(base_url: str, reason: object) -> SolrError:
    if isinstance(reason, TimeoutError):
        return SolrUnavailableError(f"Solr at {base_url} did not answer in time")
    if isinstance(reason, ConnectionRefusedError):
        return SolrUnavailableError(f"cannot connect to Solr at {base_url}: connection refused")
    detail = getattr(reason, "strerror", None) or str(reason)
    return SolrUnavailableError(f"cannot connect to Solr at {base_url}: {detail}")


def _short(url: str) -> str:
    return url.split("?", 1)[0]
