"""The search page offers a checkbox facet per declared keyword field (headless Chromium)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from declared_corpus import FIELDS, write_corpus
from live_server import get_json, running_server

from searchidx import SearchIndex

CHROMIUM = Path("/usr/bin/chromium")

try:
    from playwright.sync_api import Page, expect, sync_playwright
except ImportError:  # pragma: no cover - the test extras install it
    sync_playwright = None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("declared-page")
    index, _ = SearchIndex.build(root / "ix", [write_corpus(root / "c")], fields=FIELDS)
    index.close()
    with running_server(root / "ix", root / "server.log") as url:
        yield url


@pytest.fixture()
def page(server: str) -> Iterator[Page]:
    if sync_playwright is None or not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("browser tests cannot run in CI without playwright and chromium")
        pytest.skip("playwright or /usr/bin/chromium is missing")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        context = browser.new_context(base_url=server, locale="de-DE")
        opened = context.new_page()
        opened.set_default_timeout(5_000)
        errors: list[str] = []
        opened.on("pageerror", lambda error: errors.append(str(error)))
        yield opened
        browser.close()
        assert not errors, f"JavaScript errors on the page: {errors}"


def counts(page: Page, field: str) -> dict[str, int]:
    found = {}
    for option in page.locator(f"#facette-feld-{field} .option").all():
        found[option.get_attribute("data-value") or ""] = int(
            option.locator(".anzahl").inner_text().strip("()")
        )
    return found


def test_ticking_a_section_filters_and_keeps_the_others_offered(page: Page, server: str) -> None:
    page.goto("/?q=Haushalt")
    legend = page.locator("#facette-feld-section legend")
    expect(legend).to_have_text("section")
    expect(page.locator("#facette-feld-section .option")).to_have_count(2)
    expected = get_json(f"{server}/search?q=Haushalt&group=article&facets=section")
    assert counts(page, "section") == {
        value["value"]: value["count"] for value in expected["facets"]["section"]
    }
    assert page.locator("#facette-feld-words").count() == 0  # numeric: no checkboxes
    page.get_by_label(re.compile(r"^Politik")).check()
    expect(page.locator("#treffer > li.treffer")).to_have_count(1)
    expect(page.locator("#treffer > li.treffer").first).to_have_attribute("data-id", "p1")
    assert "where=section%3DPolitik" in page.url
    expect(page.get_by_label(re.compile(r"^Wirtschaft"))).not_to_be_checked()  # still offered
    page.reload()  # the URL restores the ticked box
    expect(page.get_by_label(re.compile(r"^Politik"))).to_be_checked()
    expect(page.locator("#treffer > li.treffer")).to_have_count(1)
