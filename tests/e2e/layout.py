"""Walk every page a person can reach by links and record what a reader would see broken.

A page is broken when it is wider than the window (horizontal overflow), logs a console error or a CSP
violation, or one of its assets (stylesheet, script, image, fragment) answers 4xx/5xx. Each Django
route is visited once per person and width (the first link found to it), downloads and the API's own
pages excepted. A screenshot of every broken page is kept in test-results/layout/.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

SKIP_PREFIXES = ("/admin/", "/api/", "/static/", "/berkas/")
SKIP_SUFFIXES = (".pdf", ".xlsx", ".csv", ".json", ".jsonld", ".ics", ".svg", ".png", ".zip", ".xml")
WIDE = 1200  # from this width on, no table or panel may need a horizontal scroller
# Content cut off inside a scrolling or clipping box: at a desktop width any such box (a table whose
# last columns hide behind a scroller); on a phone, a box that hides a link, button or field.
CLIPPED_JS = """(wide) => {
  const out = [];
  for (const e of document.querySelectorAll('body *')) {
    const style = getComputedStyle(e);
    if (!['auto', 'scroll', 'hidden'].includes(style.overflowX)) continue;
    if (style.clip !== 'auto' || style.clipPath !== 'none') continue;  // visually hidden, for screen readers
    if (e.scrollWidth <= e.clientWidth + 1 || e.clientWidth === 0) continue;
    const box = e.getBoundingClientRect();
    const hidden = [...e.querySelectorAll('a[href], button, input, select, textarea')].filter(c => {
      const r = c.getBoundingClientRect(); return r.width > 0 && (r.left >= box.right - 1 || r.right > box.right + 1);
    });
    if (!wide && !hidden.length) continue;
    const name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
      (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
    const what = hidden.length ? 'hides ' + hidden.slice(0, 3).map(c => JSON.stringify(c.textContent.trim())).join(', ')
      : 'cuts off ' + (e.scrollWidth - e.clientWidth) + ' px';
    out.push(name + ' ' + what + ' (' + e.scrollWidth + ' px of content in ' + e.clientWidth + ' px)');
  }
  return out;
}"""
MAX_PAGES = 120  # per person and width: far more routes than any one role reaches


@dataclass
class Problem:
    url: str
    width: int
    kind: str
    detail: str
    screenshot: str = ""


@dataclass
class Walk:
    visited: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _route(path: str) -> str | None:
    """The route name of a page worth visiting, or None for downloads, the API and other sites."""
    if path.startswith(SKIP_PREFIXES) or path.lower().endswith(SKIP_SUFFIXES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return f"404:{path}"  # a link to nowhere is itself worth visiting: it will be reported
    return match.view_name


def walk(page: Any, base: str, starts: list[str], *, width: int, who: str, shots: Path) -> Walk:
    """Breadth-first over same-site links from `starts`, one page per route."""
    result = Walk()
    origin = urlsplit(base).netloc
    seen_routes: set[str] = set()
    queue: deque[str] = deque(starts)
    page.set_viewport_size({"width": width, "height": 900})
    while queue and len(result.visited) < MAX_PAGES:
        url = queue.popleft()
        path = urlsplit(url).path or "/"
        route = _route(path)
        if route is None or route in seen_routes:
            continue
        seen_routes.add(route)
        console: list[str] = []
        failed_assets: list[str] = []

        def on_console(msg: Any, sink: list[str] = console) -> None:
            if msg.type == "error":
                sink.append(msg.text)

        def on_response(response: Any, sink: list[str] = failed_assets, target: str = url) -> None:
            if response.status >= 400 and response.url != urljoin(base, target):
                sink.append(f"{response.status} {response.url}")

        page.on("console", on_console)
        page.on("response", on_response)
        try:
            try:
                response = page.goto(urljoin(base, url))
            except PlaywrightError as exc:
                if "Download is starting" in str(exc):  # a file (an export) behind a page-like URL
                    continue
                raise
            page.wait_for_load_state("load")
            status = response.status if response is not None else 0
            overflow = page.evaluate(
                "() => ({scroll: document.documentElement.scrollWidth, window: window.innerWidth,"
                " culprits: [...document.querySelectorAll('body *')].filter(e => {"
                "  const r = e.getBoundingClientRect(); return r.right > window.innerWidth + 1 && r.width > 0"
                "  && getComputedStyle(e).position !== 'fixed'; }).slice(0, 3).map(e =>"
                "  e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string'"
                "  ? '.' + e.className.trim().split(/\\s+/).join('.') : ''))})"
            )
            clipped = page.evaluate(CLIPPED_JS, width >= WIDE)
            links = page.eval_on_selector_all("a[href]:not([download])", "els => els.map(e => e.getAttribute('href'))")
        finally:
            page.remove_listener("console", on_console)
            page.remove_listener("response", on_response)
        result.visited.append(url)
        found: list[Problem] = []
        if status >= 400:
            found.append(Problem(url, width, "status", str(status)))
        if overflow["scroll"] > overflow["window"]:
            detail = f"{overflow['scroll']} px wide in a {overflow['window']} px window; {overflow['culprits']}"
            found.append(Problem(url, width, "overflow", detail))
        for detail in clipped:
            found.append(Problem(url, width, "clipped", detail))
        for text in console:
            kind = "csp" if "Content Security Policy" in text else "console"
            found.append(Problem(url, width, kind, text))
        for asset in failed_assets:
            found.append(Problem(url, width, "asset", asset))
        if found:
            shots.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^a-z0-9]+", "-", f"{who}-{width}-{path}".lower()).strip("-")
            shot = shots / f"{name}.png"
            page.screenshot(path=str(shot), full_page=True)
            for problem in found:
                problem.screenshot = str(shot)
            result.problems.extend(found)
        for href in links:
            if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
                continue
            target = urlsplit(urljoin(urljoin(base, url), href))
            if target.netloc != origin:
                continue
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return result
