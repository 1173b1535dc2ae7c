"""The HTML as a reader meets it in Chromium: on a 1280 px screen, on a 375 px phone and printed to A4.

A report with 7-digit 表三 values, 6-digit 表四 values and agency names of 16, 25 and 45 characters:
print keeps the body at 16 pt (Chromium shrinks the whole page when anything is wider than the type
area), every number stays on one line, 表三 starts under its heading and repeats its head on the next
page, no 表二 caption row ends a page, no table head ends a page (表四 is kept whole), 表三's number
heads stand on one line (自然人) or two (商业企业); the screen gives tables the width they need and a
phone scrolls each table in its own box, never the page.
"""

from __future__ import annotations

import logging
import math
import os
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT, need_tool

from nianbao.check import check_file
from nianbao.render.context import build_context
from nianbao.render.html import render_html

pytestmark = [pytest.mark.browser, need_tool("chromium", "浏览器测试需要 Debian 的 chromium")]
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright 未安装：pip install -e '.[test]'")
pdfplumber = pytest.importorskip("pdfplumber")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
FONTS_CONF = ROOT / "nianbao" / "fonts" / "fonts.conf"
ARTIFACTS = ROOT / "tests" / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
NAMES = {  # from tests/fixtures/agency_names.txt
    16: "上海市浦东新区住房公积金管理中心",
    25: "青海省海西蒙古族藏族自治州格尔木市住房和城乡建设局",
    45: "新疆维吾尔自治区伊犁哈萨克自治州奎屯市人民政府办公室政务公开与政务服务数据资源管理服务中心",
}
TRIAL_NAME = "某某省某某市某某县人力资源和社会保障局信息服务中心"
LONG = {"requests": "2382701", "reviews": "238270"}  # 7-digit 表三, 6-digit 表四
MM = 72 / 25.4

# Lines of text in an element: distinct tops of the boxes of its characters (an element that wraps
# has more than one). Rects of zero width (collapsed spaces) are ignored.
LINES_JS = """el => {
  const range = document.createRange(), tops = new Set();
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
    }
  }
  return tops.size;
}"""
# Each title line (between <br>s) as the list of its rendered line lengths.
TITLE_LINES_JS = """h1 => {
  const range = document.createRange(), lines = new Map();
  const walker = document.createTreeWalker(h1, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const r = range.getClientRects()[0];
      if (r && r.width > 0) { const top = Math.round(r.top); lines.set(top, (lines.get(top) || 0) + 1); }
    }
  }
  return Array.from(lines.keys()).sort((a, b) => a - b).map(k => lines.get(k));
}"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    env = {**os.environ, "HOME": str(tmp_path_factory.mktemp("chromium-home"))}
    if FONTS_CONF.exists():
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, env=env)
        yield b
        b.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[int, Path]:
    """One HTML file per agency name length: the 2021 example with long numbers in 表三 and 表四."""
    out = tmp_path_factory.mktemp("long")
    source = (ROOT / "examples" / "2022-maiji-zwfw.yaml").read_text(encoding="utf-8")
    files = {}
    for n, name in NAMES.items():
        assert len(name) == n
        text = re.sub(r"^  name: .*$", f"  name: {name}", source, count=1, flags=re.M)
        text = re.sub(r"^title: .*\n", "", text, count=1, flags=re.M)  # the title follows from the name
        report = out / f"name{n}.yaml"
        report.write_text(text, encoding="utf-8")
        context = build_context(check_file(report))
        for key, value in LONG.items():
            for row in context["tables"][key].body:
                for cell in row:
                    if cell.key:
                        cell.text = value
        files[n] = out / f"name{n}.html"
        files[n].write_bytes(render_html(context))
    return files


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """A 2025 report of small numbers with a 25-character name, as a new user printed it."""
    out = tmp_path_factory.mktemp("small")
    text = (ROOT / "examples" / "2022-maiji-zwfw.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^year: .*$", "year: 2025", text, count=1, flags=re.M)
    text = re.sub(r"^published: .*$", "published: 2026-01-31", text, count=1, flags=re.M)
    text = re.sub(r"^  name: .*$", f"  name: {TRIAL_NAME}", text, count=1, flags=re.M)
    text = re.sub(r"^title: .*\n", "", text, count=1, flags=re.M)
    report = out / "small.yaml"
    report.write_text(text, encoding="utf-8")
    html = out / "small.html"
    html.write_bytes(render_html(build_context(check_file(report))))
    return html


def _page(browser, path: Path, width: int):
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(path.as_uri())
    return context, page


def _axe(page) -> list[dict]:
    if not AXE.exists():
        pytest.skip("axe-core 未安装：npm ci --prefix tests（.ci/run 会安装）")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [{"id": v["id"], "nodes": [n["html"][:120] for n in v["nodes"]]} for v in result["violations"]]


def _print(page, pdf_path: Path) -> list[list[dict]]:
    """Print the page as Chromium's print dialog does (CSS page size) and return each page's words."""
    page.pdf(path=str(pdf_path), prefer_css_page_size=True)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # Chromium's Type 3 fonts lack a FontBBox
    with pdfplumber.open(pdf_path) as pdf:
        words = [pg.extract_words(extra_attrs=["size"]) for pg in pdf.pages]
    for pg in words:  # Chromium's fonts map some 汉字 to Kangxi radicals (⼗⼤ for 十大)
        for w in pg:
            w["text"] = "".join(unicodedata.normalize("NFKC", ch) if "\u2f00" <= ch <= "\u2fdf" else ch
                                for ch in w["text"])
    return words


@pytest.mark.parametrize("n", sorted(NAMES))
def test_print_keeps_the_body_at_16pt_and_every_number_whole(browser, pages, tmp_path: Path, n: int) -> None:
    context, page = _page(browser, pages[n], 900)
    try:
        page.emulate_media(media="print")
        assert page.evaluate("getComputedStyle(document.querySelector('main p')).fontSize") == "21.3333px"  # 16 pt
        cells = page.locator("td[data-key^='requests.'], td[data-key^='reviews.']")
        assert cells.count() == 25 * 7 + 15
        lines = cells.evaluate_all(f"cells => cells.map({LINES_JS})")
        assert set(lines) == {1}, "a number wrapped inside its cell"
        words = _print(page, tmp_path / f"name{n}.pdf")
    finally:
        context.close()
    body = [w for pg in words for w in pg if w["top"] < 262 * MM and re.search(r"[\u4e00-\u9fff]", w["text"])]
    sizes = {round(w["size"], 1) for w in body}
    assert 16.0 in sizes and min(sizes) >= 7.0, "Chromium shrank the page to fit something too wide"
    paragraph = [w for w in body if "我局认真贯彻党的十九大" in w["text"]]
    assert paragraph and {round(w["size"], 1) for w in paragraph} == {16.0}
    numbers = [w["text"] for pg in words for w in pg if w["text"].isdigit() and len(w["text"]) >= 5]
    assert sorted(set(numbers)) == sorted(LONG.values())
    assert numbers.count(LONG["requests"]) == 25 * 7 and numbers.count(LONG["reviews"]) == 15


def test_print_repeats_the_head_of_a_split_table_and_never_strands_a_caption(browser, pages, tmp_path: Path) -> None:
    context, page = _page(browser, pages[16], 900)
    try:
        words = _print(page, tmp_path / "print.pdf")
        blocks = page.locator("#table-proactive tbody tr:first-child th").all_inner_texts()
    finally:
        context.close()
    texts = ["".join(w["text"] for w in pg) for pg in words]
    corner = "本列数据的勾稽关系为"
    heading = next(i for i, t in enumerate(texts) if "三、收到和处理政府信息公开申请情况" in t)
    last = next(i for i, t in enumerate(texts) if "四、结转下年度继续办理" in t)
    assert last > heading, "表三 fits one page here; the test needs it to split"
    # 表三 starts on the page of its heading (no half-empty page) and its head is on every page it spans
    assert LONG["requests"] in texts[heading]
    assert all(corner in texts[i] for i in range(heading, last + 1))
    # a 表二 block caption is never the last row of a page: its first row of numbers is on the same page
    for caption in blocks:
        page_of = next(i for i, t in enumerate(texts) if caption in t)
        rest = texts[page_of][texts[page_of].index(caption) + len(caption):]
        assert "信息内容" in rest and re.search(r"\d", rest), f"{caption} stranded at the foot of a page"


def test_print_suppresses_the_browser_header_and_footer(browser, pages, tmp_path: Path) -> None:
    """With 页眉和页脚 switched on (display_header_footer, the print dialog's checkbox), Chromium prints
    nothing of its own: our @page margin boxes take the bottom, an empty @top-center the top."""
    context, page = _page(browser, pages[16], 900)
    try:
        pdf_path = tmp_path / "header-footer.pdf"
        page.pdf(path=str(pdf_path), prefer_css_page_size=True, display_header_footer=True)
        title = page.title()
    finally:
        context.close()
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with pdfplumber.open(pdf_path) as pdf:
        for number, pg in enumerate(pdf.pages, 1):
            top = [w["text"] for w in pg.extract_words() if w["bottom"] < 37 * MM]
            foot = "".join(w["text"] for w in pg.extract_words() if w["top"] > 262 * MM)
            assert top == [], f"page {number}: Chromium's header printed"
            assert re.sub(r"[\s\x00-\x1f]", "", foot) == f"—{number}—"
            assert title not in foot and "file:" not in foot


@pytest.mark.parametrize("n", sorted(NAMES))
def test_wide_screen_gives_tables_the_width_they_need(browser, pages, n: int) -> None:
    context, page = _page(browser, pages[n], 1280)
    try:
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
        column = page.evaluate("document.querySelector('main p').getBoundingClientRect().width")
        requests = page.evaluate("document.getElementById('table-requests').getBoundingClientRect().width")
        assert requests > column * 1.3  # 表三 breaks out of the 28-字 text column
        # no header cell of two or more characters is one character a line
        heads = page.locator("table:not(.narrative) th").evaluate_all(
            f"ths => ths.map(th => [th.textContent.trim().length, ({LINES_JS})(th)])")
        assert [h for h in heads if h[0] >= 2 and h[1] >= h[0]] == []
        assert page.locator("td[data-key]").evaluate_all(f"tds => tds.every(td => ({LINES_JS})(td) === 1)")
        if n == 16:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "wide-1280.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("n", sorted(NAMES))
def test_phone_scrolls_each_table_in_its_own_box_never_the_page(browser, pages, n: int) -> None:
    context, page = _page(browser, pages[n], 375)
    try:
        assert page.evaluate("document.scrollingElement.scrollWidth") <= page.evaluate("innerWidth")
        wraps = page.locator(".table-wrap.stat")
        assert wraps.count() == 3
        for i in range(3):  # a focusable, labelled box that scrolls sideways itself (a group: the
            wrap = wraps.nth(i)  # <section> around it is the region of that name already)
            assert wrap.get_attribute("role") == "group" and wrap.get_attribute("tabindex") == "0"
            label = page.locator("#" + wrap.get_attribute("aria-labelledby")).inner_text()
            assert label.strip()
        scrolls = wraps.evaluate_all("ws => ws.map(w => w.scrollWidth > w.clientWidth)")
        assert scrolls[1] and scrolls[2], "表三 and 表四 scroll inside their box"
        # the title stays on the page, and no line of it is one or two characters long
        h1 = page.locator("h1")
        assert page.evaluate("document.querySelector('h1').scrollWidth <= document.querySelector('h1').clientWidth")
        assert min(h1.evaluate(TITLE_LINES_JS)) >= 3
        assert _axe(page) == []
        if n == 45:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "phone-375.png"), full_page=True)
    finally:
        context.close()


# A spacer of `h` pt before the section of a table, to move the table down the printed page.
SPACER_JS = """([table, h]) => {
  let d = document.getElementById('spacer');
  if (!d) {
    d = document.createElement('div'); d.id = 'spacer';
    const s = document.getElementById(table).closest('section'); s.parentNode.insertBefore(d, s);
  }
  d.style.height = h + 'pt';
}"""


def _last_lines(words: list[list[dict]]) -> list[list[str]]:
    """The words of the lowest line of text above the page number, per page."""
    last = []
    for pg in words:
        body = [w for w in pg if w["bottom"] < 262 * MM]
        bottom = max((w["bottom"] for w in body), default=0)
        last.append([w["text"] for w in body if w["bottom"] > bottom - 4])
    return last


def _stranded(words: list[list[dict]], heads: list[str], labels: list[str]) -> list[tuple[int, list[str]]]:
    """Pages whose lowest line is table head only: every word a piece of some <thead> cell's text, one
    at least of no row label (the 果 ending 三、本年度办理结果 is also in 结果维持)."""
    def piece(word: str, texts: list[str]) -> bool:
        return any(word in t for t in texts)
    return [(i + 1, line) for i, line in enumerate(_last_lines(words))
            if line and all(piece(w, heads) for w in line) and not all(piece(w, labels) for w in line)]


@pytest.mark.slow
@pytest.mark.parametrize("key", ["requests", "reviews"])
def test_print_never_ends_a_page_with_a_table_head(browser, pages, tmp_path: Path, key: str) -> None:
    """The table is moved down in 3 pt steps until its first row of numbers (LONG's values are found in
    no other table) no longer fits the page: the head goes with that row, never stays behind alone."""
    context, page = _page(browser, pages[25], 900)
    try:
        heads = [re.sub(r"\s", "", t) for t in page.locator("thead th").all_inner_texts()]
        labels = [re.sub(r"\s", "", t) for t in page.locator("tbody th").all_inner_texts()]
        h = 0.0
        for step in range(4):  # a spacer that ends the first row 12 pt above the page foot (a spacer longer
            page.evaluate(SPACER_JS, [f"table-{key}", h])  # than the page's rest continues on the next one)
            words = _print(page, tmp_path / f"{step}.pdf")
            first = next(w for pg in words for w in pg if w["text"] == LONG[key])
            if abs(262 * MM - first["bottom"] - 12) < 3:
                break
            h += 262 * MM - first["bottom"] - 12
        at = next(i for i, pg in enumerate(words) for w in pg if w["text"] == LONG[key])
        pages_of_first = set()
        for shift in range(math.floor(h) - 6, math.ceil(h) + 46, 3):
            page.evaluate(SPACER_JS, [f"table-{key}", shift])
            words = _print(page, tmp_path / f"{shift}.pdf")
            assert _stranded(words, heads, labels) == [], f"spacer {shift} pt"
            pages_of_first.add(next(i for i, pg in enumerate(words) for w in pg if w["text"] == LONG[key]))
    finally:
        context.close()
    assert pages_of_first == {at, at + 1}, "the steps never pushed the first row over the page foot"


@pytest.mark.parametrize("which", ["small", 16, 25, 45])
def test_print_gives_the_number_heads_of_table_3_one_line_or_two(browser, pages, small, which) -> None:
    """In print 表三's label columns take what the 7 number columns leave, at least 30 %: 自然人, 其他
    and 总计 on one line, 商业企业 … 法律服务机构 in two at most, every number whole."""
    context, page = _page(browser, small if which == "small" else pages[which], 900)
    try:
        page.emulate_media(media="print")
        one = ["natural", "other", "total"]
        two = ["business", "research", "nonprofit", "legal"]
        lines = {k: page.locator(f"#t3-{k}").evaluate(LINES_JS) for k in one + two}
        assert lines == {**{k: 1 for k in one}, **{k: lines[k] for k in two}}
        assert all(1 <= lines[k] <= 2 for k in two), lines
        table = page.evaluate("document.getElementById('table-requests').getBoundingClientRect().width")
        numbers = page.locator("#table-requests col").evaluate_all(
            "cols => cols.map(c => c.getBoundingClientRect().width)")
        assert len(numbers) == 10 and sum(numbers[3:]) <= 0.7 * table + 1
        assert page.locator("#table-requests td").evaluate_all(f"tds => tds.every(td => ({LINES_JS})(td) === 1)")
    finally:
        context.close()
