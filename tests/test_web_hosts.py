"""The DNS-rebinding guard: only requests naming a trusted host are answered."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from starlette.testclient import TestClient

from searchidx import SearchIndex
from searchidx.web import create_app
from searchidx.web.hosts import host_name, trusted_hosts


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("127.0.0.1:8000", "127.0.0.1"),
        ("LocalHost", "localhost"),
        ("[::1]:8000", "::1"),
        ("[::1]", "::1"),
        ("search.example.org.", "search.example.org"),
        ("evil.example:80", "evil.example"),
    ],
)
def test_host_names_lose_port_brackets_case_and_final_dot(header: str, name: str) -> None:
    assert host_name(header) == name


def test_loopback_is_always_trusted() -> None:
    assert trusted_hosts(["Search.Example.org:8000"]) == {
        "127.0.0.1",
        "localhost",
        "::1",
        "search.example.org",
    }


def status_for(index: SearchIndex, host: str, allowed: Sequence[str] = ()) -> tuple[int, Any]:
    app = create_app(index, allowed_hosts=allowed) if allowed else create_app(index)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        response = client.get("/export", params={"q": "Kursk"}, headers={"host": host})
    body = response.json() if response.headers["content-type"] == "application/json" else {}
    return response.status_code, body


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "localhost"])
def test_loopback_hosts_are_answered(seed_index: SearchIndex, host: str) -> None:
    assert status_for(seed_index, host)[0] == 200


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", ""]
)
def test_other_hosts_get_a_json_bad_host_error(seed_index: SearchIndex, host: str) -> None:
    status, body = status_for(seed_index, host)
    assert status == 400
    assert body["error"]["code"] == "bad_host"
    assert "--allowed-host" in body["error"]["message"]


def test_allowed_hosts_extend_the_list_and_star_allows_any(seed_index: SearchIndex) -> None:
    assert status_for(seed_index, "search.example.org:8000", ["search.example.org"])[0] == 200
    assert status_for(seed_index, "evil.example", ["search.example.org"])[0] == 400
    assert status_for(seed_index, "evil.example", ["*"])[0] == 200
