"""The search page in headless Chromium (Debian's, driven by Playwright), end to end.

A real ``searchidx serve`` process serves the seeds, once from a Whoosh index
and once from a SolrCloud collection; the browser types, ticks and clicks like
a reader; expectations come from the same server's JSON API, so the page is
checked against the numbers it is meant to show.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from conftest import ARTICLES, REPO, make_doc
from live_server import BACKENDS, get_json, new_location, running_server, seed_location

CHROMIUM = Path("/usr/bin/chromium")
CET = timezone(timedelta(hours=1))
ARTIFACTS = REPO / "test-artifacts"

try:
    from playwright.sync_api import Browser, Page, expect, sync_playwright
except ImportError:  # pragma: no cover - the test extras install it
    sync_playwright = None


def _missing_browser() -> str | None:
    if sync_playwright is None:
        return "playwright is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (Debian: apt-get install chromium chromium-driver)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    missing = _missing_browser()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run in CI: {missing}")
        pytest.skip(missing)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module", params=BACKENDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    log = tmp_path_factory.mktemp("serve-page") / "server.log"
    with running_server(seed_location(request), log) as url:
        yield url


@pytest.fixture()
def page(browser: Browser, server: str) -> Iterator[Page]:
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(base_url=server, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(5_000)  # a missing element fails in seconds, not 30
    script_errors: list[str] = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    yield page
    context.close()
    assert not script_errors, f"JavaScript errors on the page: {script_errors}"


def search_for(page: Page, text: str) -> None:
    box = page.get_by_label("Suchbegriff")
    box.fill(text)
    box.press("Enter")
    expect(page.locator("#status")).to_contain_text(f"„{text}“")


def hit(page: Page, doc_id: str) -> Any:
    return page.locator(f'#treffer > li.treffer[data-id="{doc_id}"]')


def facet_counts(page: Page, facet: str) -> dict[str, int]:
    counts = {}
    for option in page.locator(f'#facette-{facet} .option[data-facet="{facet}"]').all():
        count = option.locator(".anzahl").inner_text()
        counts[option.get_attribute("data-value") or ""] = int(count.strip("()"))
    return counts


def api_facets(server: str, **params: Any) -> dict[str, dict[str, int]]:
    body = get_json(f"{server}/search?{urlencode({**params, 'group': 'article'}, doseq=True)}")
    return {
        name: {value["value"]: value["count"] for value in values}
        for name, values in body["facets"].items()
    }


def test_typing_kursk_shows_001_and_004_with_marks(page: Page) -> None:
    page.goto("/")
    search_for(page, "Kursk")
    expect(page.locator("#treffer > li.treffer")).to_have_count(2)
    for article in ("001", "004"):
        marks = hit(page, ARTICLES[article]).locator(".snippet mark")
        expect(marks.first).to_have_text(re.compile("kursk", re.IGNORECASE))
    page.screenshot(path=str(ARTIFACTS / "search-page-kursk.png"), full_page=True)


def test_words_typed_before_the_page_finished_loading_are_kept(page: Page) -> None:
    held: list[Any] = []  # the page's first /stats request, answered only later
    page.route("**/stats", lambda route: held.append(route))
    page.goto("/")
    page.get_by_label("Suchbegriff").fill("Kursk")
    page.wait_for_timeout(200)
    assert held, "the page asks /stats for its declared fields"
    held[0].continue_()
    expect(page.locator("#status")).to_contain_text("Treffer")
    expect(page.get_by_label("Suchbegriff")).to_have_value("Kursk")
    search_for(page, "Kursk")
    expect(page.locator("#treffer > li.treffer")).to_have_count(2)


def test_ticking_an_outlet_updates_the_counts(page: Page, server: str) -> None:
    page.goto("/?q=Soldaten")
    expect(page.locator("#status")).to_contain_text("„Soldaten“")
    assert facet_counts(page, "type") == api_facets(server, q="Soldaten")["type"]
    page.get_by_label(re.compile(r"^Südtirol News")).check()
    expected = api_facets(server, q="Soldaten", source="Südtirol News")
    expect(page.locator('#facette-type .option[data-value="article"] .anzahl')).to_have_text(
        f"({expected['type']['article']})"
    )
    assert facet_counts(page, "type") == expected["type"]
    assert "source=S%C3%BCdtirol+News" in page.url  # the URL keeps the selection
    for source in page.locator("#treffer > li.treffer > .meta").all_inner_texts():
        assert "Südtirol News" in source


def test_outlet_checkboxes_stay_offered_after_ticking_one(page: Page, server: str) -> None:
    page.goto("/?q=Soldaten")
    page.get_by_label(re.compile(r"^DayFR Deutsch")).check()
    expect(page.locator("#treffer > li.treffer")).to_have_count(1)
    other = page.get_by_label(re.compile(r"^unbekannt"))
    expect(other).not_to_be_checked()
    expected = api_facets(server, q="Soldaten", source="DayFR Deutsch")["source"]
    assert facet_counts(page, "source") == expected
    other.check()  # multi-select: a second outlet widens the result
    expect(page.locator("#treffer > li.treffer")).to_have_count(4)


def test_opening_a_comment_thread_with_the_keyboard(page: Page) -> None:
    page.goto("/")
    search_for(page, "Putin")
    article = hit(page, ARTICLES["003"])
    toggle = article.get_by_role("button", name=re.compile("4 passende Kommentare"))
    thread = article.locator("ol.kommentare")
    expect(thread).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(thread).to_be_visible()
    comments = thread.locator("li.kommentar")
    expect(comments).to_have_count(4)
    for number in range(4):
        expect(comments.nth(number).locator("mark").first).to_have_text("Putin")
    page.screenshot(path=str(ARTIFACTS / "search-page-thread.png"), full_page=True)


def test_following_did_you_mean(page: Page) -> None:
    page.goto("/")
    search_for(page, "Kurks")
    suggestion = page.locator("#vorschlag")
    expect(suggestion).to_be_visible()
    expect(suggestion).to_contain_text("Meinten Sie")
    page.get_by_role("link", name=re.compile("^kursk$", re.IGNORECASE)).click()
    expect(page.get_by_label("Suchbegriff")).to_have_value(re.compile("^kursk$", re.I))
    expect(hit(page, ARTICLES["001"])).to_be_visible()
    expect(hit(page, ARTICLES["004"])).to_be_visible()
    expect(suggestion).to_be_hidden()


def test_chart_and_export_links_follow_the_search(page: Page, server: str) -> None:
    page.goto("/?q=Soldaten")
    points = get_json(f"{server}/timeline?q=Soldaten&interval=month")
    expect(page.locator("#zeitverlauf svg rect")).to_have_count(len(points))
    csv_link = page.get_by_role("link", name="CSV")
    expect(csv_link).to_have_attribute("href", "/export?q=Soldaten&format=csv")


def test_back_button_restores_the_previous_search(page: Page) -> None:
    page.goto("/")
    search_for(page, "Kursk")
    search_for(page, "Putin")
    page.go_back()
    expect(page.get_by_label("Suchbegriff")).to_have_value("Kursk")
    expect(page.locator("#status")).to_contain_text("„Kursk“")


@pytest.fixture(scope="module", params=BACKENDS)
def paged_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A server over 23 articles that all match "Testmeldung": three pages of ten."""
    documents = (make_doc(f"art-{n:02d}", f"Testmeldung Nummer {n}") for n in range(23))
    location = new_location(request, "page_paged", documents)
    log = tmp_path_factory.mktemp("paged") / "server.log"
    with running_server(location, log) as url:
        yield url


def test_pagination_moves_through_the_results(browser: Browser, paged_server: str) -> None:
    context = browser.new_context(base_url=paged_server, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(5_000)
    page.goto("/?q=Testmeldung")
    expect(page.locator("#seite")).to_have_text("Seite 1 von 3")
    first_page = page.locator("#treffer > li.treffer").evaluate_all(
        "items => items.map(item => item.dataset.id)"
    )
    assert len(first_page) == 10
    expect(page.get_by_role("button", name="Vorherige Seite")).to_be_disabled()
    page.get_by_role("button", name="Nächste Seite").click()
    expect(page.locator("#seite")).to_have_text("Seite 2 von 3")
    expect(page.locator("#treffer")).to_have_attribute("start", "11")
    expect(page.locator("#ergebnisse")).to_be_focused()  # keyboard users land on the results
    second_page = page.locator("#treffer > li.treffer").evaluate_all(
        "items => items.map(item => item.dataset.id)"
    )
    assert len(second_page) == 10 and not set(first_page) & set(second_page)
    assert "offset=10" in page.url
    page.get_by_role("button", name="Nächste Seite").click()
    expect(page.locator("#treffer > li.treffer")).to_have_count(3)
    expect(page.get_by_role("button", name="Nächste Seite")).to_be_disabled()
    context.close()


@pytest.fixture(scope="module", params=BACKENDS)
def links_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Articles whose url is http(s), javascript: or data: (added through the API)."""
    urls = {
        "web": "https://example.org/artikel",
        "js": "javascript:alert(document.domain)",
        "js-upper": " JaVaScRiPt:alert(1)",
        "data": "data:text/html,<script>alert(1)</script>",
    }
    documents = (
        make_doc(doc_id, "Linkprobe", url=url, date=datetime(2025, 3, 10, 8, 0, tzinfo=CET))
        for doc_id, url in urls.items()
    )
    location = new_location(request, "page_links", documents)
    log = tmp_path_factory.mktemp("links") / "server.log"
    with running_server(location, log) as url:
        yield url


def test_only_http_urls_become_links_and_dates_show_their_offset(
    browser: Browser, links_server: str
) -> None:
    context = browser.new_context(base_url=links_server, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(5_000)
    page.goto("/?q=Linkprobe")
    expect(page.locator("#treffer > li.treffer")).to_have_count(4)
    hrefs = page.locator("#treffer a[href]").evaluate_all("links => links.map(a => a.href)")
    assert "https://example.org/artikel" in hrefs
    assert not [href for href in hrefs if not href.startswith(("http://", "https://"))]
    expect(page.locator("#treffer").first).to_contain_text("10.03.2025, 08:00 Uhr (UTC+01:00)")
    context.close()
