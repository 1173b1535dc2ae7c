"""The HTML in headless Chromium: it renders, the table headers match the official layout counted in
the DOM, axe-core finds no violations, a screenshot is kept, and the preview updates itself on save."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, ROOT, need_tool

from nianbao import editions, render_context
from nianbao.check import check_file
from nianbao.render.html import render_html
from nianbao.serve import PreviewServer

pytestmark = [pytest.mark.browser, need_tool("chromium", "浏览器测试需要 Debian 的 chromium")]
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright 未安装：pip install -e '.[test]'")

expect = playwright_api.expect

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"
FONTS_CONF = ROOT / "nianbao" / "fonts" / "fonts.conf"
SEED002 = FIXTURES / "seeds" / "2020-echeng-gov.faithful.yaml"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

# Each cell of a table as [row, first column, colspan, rowspan, tag, text], resolving merged cells.
LAYOUT_JS = """table => {
  const taken = new Set(), out = [];
  Array.from(table.rows).forEach((tr, r) => {
    let c = 0;
    for (const cell of tr.cells) {
      while (taken.has(r + ':' + c)) c++;
      out.push([r, c, cell.colSpan, cell.rowSpan, cell.tagName.toLowerCase(), cell.textContent.trim(),
                tr.parentElement.tagName.toLowerCase()]);
      for (let i = 0; i < cell.rowSpan; i++) for (let j = 0; j < cell.colSpan; j++) taken.add((r + i) + ':' + (c + j));
      c += cell.colSpan;
    }
  });
  return out;
}"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    home = tmp_path_factory.mktemp("chromium-home")
    env = {**os.environ, "HOME": str(home)}
    if FONTS_CONF.exists():
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, env=env)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    # the built page forbids scripts (CSP); axe is injected by the test, so the test bypasses it
    context = browser.new_context(bypass_csp=True, viewport={"width": 900, "height": 1300})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.errors = errors
    yield pg
    context.close()


def _open(page, tmp_path: Path, report: Path, force: bool = False) -> dict:
    result = check_file(report)
    assert force or result.ok
    context = render_context(result)
    html = tmp_path / f"{report.stem}.html"
    html.write_bytes(render_html(context))
    page.goto(html.as_uri())
    return context


def _axe(page) -> list[dict]:
    if not AXE.exists():
        pytest.skip("axe-core 未安装：npm ci --prefix tests（.ci/run 会安装）")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [{"id": v["id"], "nodes": [n["html"][:120] for n in v["nodes"]]} for v in result["violations"]]


def _layout(page, table_id: str) -> list[list]:
    return page.evaluate(LAYOUT_JS, page.query_selector(f"#{table_id}"))


@pytest.mark.parametrize("report", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_renders_with_zero_axe_violations_and_a_screenshot(page, tmp_path: Path, report: Path) -> None:
    context = _open(page, tmp_path, report)
    assert page.inner_text("h1").split("\n") == context["title_lines"]
    assert page.locator("table").count() == 3 and page.locator("td[data-key]").count() == len(context["values"])
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"{report.stem}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000
    assert _axe(page) == [] and page.errors == []


def test_draft_with_issues_in_place_has_zero_axe_violations(page, tmp_path: Path) -> None:
    _open(page, tmp_path, SEED002, force=True)
    assert page.locator(".draft-banner").inner_text() == "草稿·未通过校验"
    assert page.locator("td.issue").count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "draft-with-issues.png"), full_page=True)
    assert _axe(page) == []


@pytest.mark.parametrize("edition_id", ["2019", "2021"])
def test_requests_and_reviews_headers_match_the_official_layout(page, tmp_path: Path, edition_id: str) -> None:
    report = next(p for p in EXAMPLES if check_file(p).edition.id == edition_id)
    _open(page, tmp_path, report)
    ed = editions.get(edition_id)
    cols = ed.requests.columns
    (group,) = ed.requests.column_groups
    org = [c.label for c in group.columns]
    head = [c for c in _layout(page, "table-requests") if c[6] == "thead"]
    assert [c[:5] for c in head] == [
        [0, 0, 3, 3, "th"], [0, 3, 7, 1, "th"],
        [1, 3, 1, 2, "th"], [1, 4, 5, 1, "th"], [1, 9, 1, 2, "th"],
        *[[2, 4 + i, 1, 1, "th"] for i in range(5)],
    ]
    assert [c[5] for c in head] == [ed.requests.corner, ed.requests.applicants, cols[0].label,
                                    group.label, cols[-1].label, *org]
    body = [c for c in _layout(page, "table-requests") if c[6] == "tbody"]
    rows = {c[0] for c in body}
    assert len(rows) == {"2019": 23, "2021": 25}[edition_id] == len(ed.requests.rows)
    for r in rows:  # every body row fills the 10-column grid exactly once, with 7 numbers
        assert len([c for c in body if c[0] == r and c[4] == "td"]) == 7
    group = next(c for c in body if c[5] == "三、本年度办理结果")
    assert group[1:4] == [0, 1, {"2019": 20, "2021": 22}[edition_id]]

    t4 = _layout(page, "table-reviews")
    labels = [c.label for c in ed.reviews.columns]
    assert [c[:5] for c in t4 if c[0] == 0] == [[0, 0, 5, 1, "th"], [0, 5, 10, 1, "th"]]
    assert [c[:5] for c in t4 if c[0] == 1] == [*[[1, i, 1, 2, "th"] for i in range(5)],
                                                 [1, 5, 5, 1, "th"], [1, 10, 5, 1, "th"]]
    assert [c[5] for c in t4 if c[0] == 2] == labels * 2
    assert [c[1] for c in t4 if c[4] == "td"] == list(range(15))


@pytest.mark.parametrize(("edition_id", "width"), [("2019", 7), ("2021", 4)])
def test_proactive_blocks_match_the_edition(page, tmp_path: Path, edition_id: str, width: int) -> None:
    report = next(p for p in EXAMPLES if check_file(p).edition.id == edition_id)
    _open(page, tmp_path, report)
    cells = _layout(page, "table-proactive")
    captions = [c for c in cells if c[2] == width and c[1] == 0]
    assert [c[5] for c in captions] == [b.caption for b in editions.get(edition_id).proactive.blocks]
    for r in {c[0] for c in cells}:
        assert sum(c[2] for c in cells if c[0] == r) == width  # every row spans the whole grid


def test_preview_updates_itself_when_the_yaml_is_saved(browser, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 900, "height": 1300})  # the server's CSP is in force here
    report = tmp_path / "report.yaml"
    shutil.copy(next(p for p in EXAMPLES if p.stem == "2022-maiji-zwfw"), report)
    server = PreviewServer(report, port=0)
    server.start()
    try:
        page.goto(server.url)
        cell = 'td[data-key="requests.received.natural"]'
        assert page.inner_text(cell) == "0"
        page.evaluate("window.__stillTheSamePage = true")
        good = report.read_text(encoding="utf-8")
        report.write_text(good.replace("received: {natural: 0,", "received: {natural: 7,"), encoding="utf-8")
        # (the server's CSP forbids eval, so wait with locators rather than wait_for_function)
        expect(page.locator(cell)).to_have_text("7", timeout=15_000)
        # issues appear in place: the edited row fails its total, the list at the top says why
        assert "issue" in page.get_attribute('td[data-key="requests.received.total"]', "class")
        assert page.locator(".issues li").count() >= 1
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator("#section-requests").screenshot(path=str(ARTIFACTS / "preview-issues-in-place.png"))
        report.write_text(good + "\nyear: [\n", encoding="utf-8")
        expect(page.locator("h1")).to_have_text("无法预览：文件读取失败", timeout=15_000)
        report.write_text(good, encoding="utf-8")
        expect(page.locator(cell)).to_have_text("0", timeout=15_000)
        assert page.evaluate("window.__stillTheSamePage") is True  # never reloaded, by the test or itself
        assert _axe(page) == []
        page.screenshot(path=str(ARTIFACTS / "preview.png"))
        assert json.loads(page.evaluate("document.getElementById('report-data').textContent"))["edition"] == "2021"
    finally:
        page.close()
        server.stop()


def test_printed_page_is_a4_with_gb9704_page_numbers(page, tmp_path: Path) -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    _open(page, tmp_path, next(p for p in EXAMPLES if p.stem == "2022-maiji-zwfw"))
    pdf_path = tmp_path / "print.pdf"
    page.pdf(path=str(pdf_path), prefer_css_page_size=True)
    mm = 72 / 25.4
    with pdfplumber.open(pdf_path) as pdf:
        assert len(pdf.pages) >= 2
        for number, pg in enumerate(pdf.pages[:2], 1):
            assert abs(pg.width - 210 * mm) < 1 and abs(pg.height - 297 * mm) < 1
            footer = [w for w in pg.extract_words() if w["top"] > 262 * mm]
            # the no-break spaces come out of Chromium's Type 3 fonts as control characters
            assert re.sub(r"[\s\x00-\x1f]", "", "".join(w["text"] for w in footer)) == f"—{number}—"
            body = [w for w in pg.extract_words() if w["top"] <= 262 * mm]
            assert min(w["x0"] for w in body) >= 28 * mm - 1 and max(w["x1"] for w in body) <= 184 * mm + 1
            if number % 2:  # odd pages: right, one 字 in from the type area's right edge
                assert abs(max(w["x1"] for w in footer) - (184 * mm - 14)) < 3
            else:
                assert abs(min(w["x0"] for w in footer) - (28 * mm + 14)) < 3


def test_diff_page_has_zero_axe_violations_and_a_screenshot(page, tmp_path: Path) -> None:
    from nianbao.check import check_file
    from nianbao.check.diff import compare, to_html

    pair = FIXTURES / "diff"
    html = tmp_path / "diff.html"
    html.write_text(to_html(compare(check_file(pair / "2021-maiji-zwfw.yaml"), check_file(pair / "2022-maiji-zwfw.yaml"))),
                    encoding="utf-8")
    page.goto(html.as_uri())
    assert page.locator("tr.jump").count() == 7 and page.locator("tbody tr").count() == 22 + 4
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "diff-maiji-2021-2022.png"), full_page=True)
    assert _axe(page) == [] and page.errors == []
