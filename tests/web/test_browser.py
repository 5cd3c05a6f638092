"""Headless Chromium: the graph draws, a click finds the passage, nothing leaves localhost,
and hostile thread text executes nothing. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from flask import Flask

from tests.web.browser import chromium, foreign, requested_urls, served
from tests.web.bundles import HOSTILE

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("corpus_graph")]

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
THREAD = "000_72d4a851b8b20431"
TOPIC = "power-vs-influence"


@pytest.fixture(scope="module")
def site(neo4j_settings, corpus_graph):
    from web import create_app
    from web.neo4j_ext import close

    app: Flask = create_app({"NEO4J_SETTINGS": neo4j_settings})
    with served(app) as base:
        yield base
    close(app)


@pytest.fixture(scope="module")
def browser():
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("chromium is not installed (apt-get install chromium chromium-driver)")
    with chromium() as b:
        b.get("about:blank")
        requested_urls(b)
        yield b


def wait_for_graph(browser, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if browser.execute_script(
                "var g = document.getElementById('graph');"
                "return !!(g && g.getAttribute('data-ready') && window.debateGraph);"):
            return
        time.sleep(0.2)
    raise AssertionError("the graph did not finish drawing")


def click_node(browser, node_id: str) -> None:
    """Click a node where vis-network drew it, as a reader would."""
    from selenium.webdriver.common.action_chains import ActionChains

    x, y = browser.execute_script("""
        var g = window.debateGraph, id = arguments[0];
        g.network.focus(id, {scale: 1.2, animation: false});
        var p = g.network.canvasToDOM(g.network.getPositions([id])[id]);
        return [p.x, p.y];""", node_id)
    canvas = browser.find_element("css selector", "#graph canvas")
    size = canvas.size
    ActionChains(browser).move_to_element_with_offset(
        canvas, int(x - size["width"] / 2), int(y - size["height"] / 2)).click().perform()


def screenshot(browser, name: str) -> None:
    """The page from the top, the whole graph in view, no tooltip in the way."""
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(browser).move_to_element(browser.find_element("css selector", "h1")).perform()
    browser.execute_script("window.scrollTo(0, 0); window.debateGraph.network.fit();"
                           "document.querySelectorAll('.vis-tooltip')"
                           ".forEach(function (t) { t.style.visibility = 'hidden'; });")
    time.sleep(0.6)
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / name))


def open_page(browser, url: str) -> list[str]:
    browser.get(url)
    wait_for_graph(browser)
    return requested_urls(browser)


def no_alert(browser) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        _ = browser.switch_to.alert
    except NoAlertPresentException:
        return True
    return False


def test_thread_page_click_highlights_the_passage(site: str, browser) -> None:
    urls = open_page(browser, f"{site}/threads/{THREAD}")
    assert any(u.endswith("vis-network.min.js") for u in urls)
    node = browser.execute_script(
        "return window.debateGraph.nodes.get().filter(n => n.shape === 'dot')"
        ".sort((a, b) => b.size - a.size)[0].id")
    click_node(browser, node)
    time.sleep(0.8)
    active = browser.find_elements("css selector", ".passage-active")
    assert [el.get_attribute("data-anchor") for el in active] == [node]
    assert active[0].is_displayed()
    panel = browser.find_element("css selector", "#thread-text")
    assert browser.execute_script(
        "var a = arguments[0].getBoundingClientRect(), p = arguments[1].getBoundingClientRect();"
        "return a.top >= p.top && a.top < p.bottom;", active[0], panel)
    screenshot(browser, "thread.png")
    assert foreign(urls + requested_urls(browser)) == []


def test_topic_page_click_highlights_the_quote(site: str, browser) -> None:
    urls = open_page(browser, f"{site}/topics/{TOPIC}")
    claim = browser.execute_script(
        "return window.debateGraph.nodes.get().filter(n => n.shape !== 'box')[0].id")
    click_node(browser, claim)
    time.sleep(0.8)
    active = browser.find_elements("css selector", "blockquote.passage-active")
    assert [el.get_attribute("data-anchor") for el in active] == [claim]
    screenshot(browser, "topic.png")
    assert foreign(urls + requested_urls(browser)) == []


@pytest.mark.parametrize("path", [f"/threads/{HOSTILE}", "/topics/remote-work", "/",
                                  "/authors/author:evil-img", "/search?q=disagree", "/graph",
                                  "/graph?view=topics", "/cypher?query=MATCH+(a:Author)+RETURN+a"])
def test_hostile_thread_executes_nothing(site: str, browser, path: str) -> None:
    browser.get(site + path)
    time.sleep(1.5)
    if browser.execute_script("return !!document.getElementById('graph-data')"):
        wait_for_graph(browser)
        hover_every_node(browser)
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert no_alert(browser)
    assert browser.find_elements("css selector", "img[src='x'], svg[onload]") == []
    assert foreign(requested_urls(browser)) == []


def hover_every_node(browser) -> None:
    """Open each node's tooltip: vis-network would run markup in a string title."""
    from selenium.webdriver.common.action_chains import ActionChains

    ids = browser.execute_script("return window.debateGraph.nodes.getIds().slice(0, 40)")
    canvas = browser.find_element("css selector", "#graph canvas")
    size = canvas.size
    for node_id in ids:
        x, y = browser.execute_script("""
            var g = window.debateGraph, id = arguments[0];
            var p = g.network.canvasToDOM(g.network.getPositions([id])[id]);
            return [p.x, p.y];""", node_id)
        if 0 < x < size["width"] and 0 < y < size["height"]:
            ActionChains(browser).move_to_element_with_offset(
                canvas, int(x - size["width"] / 2), int(y - size["height"] / 2)).perform()
            time.sleep(0.25)
    tips = browser.find_elements("css selector", "div.vis-tooltip")
    assert not tips or not tips[0].find_elements("css selector", "script, img, svg, a")
