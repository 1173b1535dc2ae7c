"""A report saved from a web page keeps the site's header above its title (a menu line, a breadcrumb, the
site's name): import must not glue it onto the agency name, and a name that still looks glued is flagged.

Fixtures: tests/fixtures/import/nav/, written by make_nav_fixtures.py (one file per form of header)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from nianbao.importer import import_file
from nianbao.importer.html import read_html
from nianbao.importer.meta import doubtful_name, find_meta, find_title
from nianbao.importer.model import Para
from nianbao.importer.sections import is_chrome, is_nav_line

NAV = Path(__file__).parent / "fixtures" / "import" / "nav"
NAMES = [line for line in (Path(__file__).parent / "fixtures" / "agency_names.txt").read_text("utf-8").splitlines()
         if line and not line.startswith("#")]
AGENCY = "某某县市场监督管理局"
TITLE = f"{AGENCY}2022年政府信息公开工作年度报告"
CLEAN = sorted(p.name for p in NAV.iterdir() if p.name != "glued.txt")
# the example's own two findings of check, the same in every fixture
CHECK = ["五、存在的主要问题及改进情况：没有说明上一年度报告所列问题的整改（改进）情况",
         "六、其他需要报告的事项：没有说明信息处理费的收取情况（未收取也应写明）"]


def test_every_form_has_its_fixture():
    assert CLEAN == [
        "brand-blank.docx", "brand-blank.txt", "breadcrumb-class.html", "crumb-gt.html", "crumb-gt.txt",
        "crumb-inline.txt", "crumb-raquo.html", "crumb-raquo.txt", "government.txt", "header.html", "list.html",
        "menu-blank.txt", "menu-words.txt", "menu.docx", "menu.html", "menu.txt", "site-blank.txt", "site.docx",
        "site.html", "site.txt",
    ]


@pytest.mark.parametrize("name", CLEAN)
def test_the_site_header_stays_out_of_the_agency_name(name):
    source = str(NAV / name)
    result = import_file(source)
    got = yaml.safe_load(result.yaml_text)
    assert got["agency"]["name"] == AGENCY
    assert "title" not in got  # the title is the standard one again, left to the renderer
    assert result.issues == []
    assert [i.message for i in result.all_issues] == CHECK
    assert result.summary() == f"{source}：2021 版格式，表格数字 200/200 个，章节 6/6 个；无缺漏；0 个错误，2 个警告"
    assert result.exit_code == 0


def test_a_site_name_on_the_title_line_is_flagged_for_checking():
    source = str(NAV / "glued.txt")
    result = import_file(source)
    glued = f"某某县人民政府门户网站{AGENCY}"
    message = f"机关名称需核对：「{glued}」含有「网站」字样，可能混入了网页的页眉或导航，请核对原文后改正"
    assert yaml.safe_load(result.yaml_text)["agency"]["name"] == glued
    assert [(i.severity, i.code, i.path, i.message) for i in result.issues] == [
        ("warning", "import-meta", "agency", message)]
    assert f"# - 警告 [import-meta] {message}\n" in result.yaml_text
    assert result.summary() == f"{source}：2021 版格式，表格数字 200/200 个，章节 6/6 个；无缺漏；0 个错误，3 个警告"


@pytest.mark.parametrize(("name", "why"), [
    ("某某县 | 某某县市场监督管理局", "含有网页导航的分隔符「|」"),
    ("智慧某某 » 某某县市场监督管理局", "含有网页导航的分隔符「»」"),
    ("首页政务公开互动交流某某县市场监督管理局", "含有「首页」字样"),
    ("某某县人民政府门户某某县市场监督管理局", "含有「门户」字样"),
    ("某" * 46 + "局", "长达 47 字（常见的机关名称不超过 45 字）"),
])
def test_why_a_name_is_doubtful(name, why):
    assert doubtful_name(name) == why
    meta = find_meta([f"{name}2022年政府信息公开工作年度报告"], [], [], "")
    assert meta.notes[-1] == f"机关名称需核对：「{name}」{why}，可能混入了网页的页眉或导航，请核对原文后改正"


def test_no_listed_agency_name_is_doubtful():
    assert [n for n in NAMES if doubtful_name(n)] == []


@pytest.mark.parametrize("crumb", ["首页 > 政务公开 > ", "网站首页 | 政务公开 | 互动交流 ", "首页 / 信息公开 / 年报 / "])
def test_a_breadcrumb_before_the_title_on_its_line_is_left_out(crumb):
    assert find_title([crumb + TITLE]) == (TITLE, 0, 0)


def test_a_menu_word_a_title_may_hold_is_still_a_title_line():
    lines = ["某某省某某市某某区人民政府办公室", "政务公开", "办公室2022年", "政府信息公开", "工作年度报告"]
    assert find_title(["首页", "政务公开", TITLE]) == (TITLE, 2, 2)  # a menu line beside it makes it the menu's
    assert find_title(lines) == ("".join(lines), 0, 4)


def test_a_title_never_runs_on_across_a_blank_line():
    front = ["智慧某某", "某某县市场监督管理局2022年", "政府信息公开工作年度报告"]
    assert find_title(front) == ("智慧某某某某县市场监督管理局2022年政府信息公开工作年度报告", 0, 2)
    assert find_title(front, {1}) == (TITLE, 1, 2)


@pytest.mark.parametrize("line", ["网站首页 | 政务公开 | 互动交流", "首页 > 政务公开 > 政府信息公开年报", "首页 » 信息公开",
                                  "首页｜走进某某"])
def test_a_menu_line_is_page_chrome(line):
    assert is_nav_line(line) and is_chrome(line)


@pytest.mark.parametrize("line", [
    "依申请公开 | 主动公开",  # no menu word: a table's header may look so
    "首页 > 某某县人民政府办公室关于印发某某方案的通知",  # the last step is a page's title, not a menu entry
    "通过政府网站、政务新媒体等渠道主动公开政府信息。",
])
def test_other_lines_are_not_menus(line):
    assert not is_nav_line(line)


def _paras(tmp_path: Path, body: str) -> list[Para]:
    page = tmp_path / "page.html"
    page.write_text(f"<html><body>{body}</body></html>", "utf-8")
    return [b for b in read_html(page) if isinstance(b, Para)]


def test_navigation_marked_as_such_is_left_out_of_a_page(tmp_path):
    body = ('<div class="top breadcrumb">首页 / 年报</div><div id="nav">政务公开</div><div role="navigation">互动</div>'
            '<div class="canvas">正文</div>')
    assert [p.text for p in _paras(tmp_path, body)] == ["正文"]


def test_a_line_in_another_part_of_the_page_does_not_run_on(tmp_path):
    body = "<header><p>智慧某某</p><p>某某县</p></header><h1>某某局<br>2022年</h1><ul><li>一</li></ul><p>二</p>"
    assert [(p.text, p.gap) for p in _paras(tmp_path, body)] == [
        ("智慧某某", False), ("某某县", False), ("某某局", True), ("2022年", False), ("一", True), ("二", True)]


@pytest.mark.parametrize("spacing", ["\n", "\n\n"])
def test_a_title_broken_over_lines_is_joined_when_every_line_is_set_apart(tmp_path, spacing):
    """A page copied with a blank line after every line: its blank lines end nothing, the title's lines neither."""
    lines = (NAV / "menu.txt").read_text("utf-8").split("\n")
    assert lines[1] == TITLE
    lines[1:2] = ["某某省某某市某某县", "市场监督管理局2022年政府信息公开工作年度报告"]
    source = tmp_path / "spaced.txt"
    source.write_text(spacing.join(line for line in lines if line.strip()), "utf-8")
    result = import_file(source)
    assert yaml.safe_load(result.yaml_text)["agency"]["name"] == "某某省某某市某某县市场监督管理局"
    assert result.issues == []


def test_a_table_above_the_title_neither_joins_it_nor_costs_the_preamble_a_paragraph(tmp_path):
    page = (NAV / "menu.html").read_text("utf-8").replace(
        '<div class="top">网站首页 | 政务公开 | 互动交流</div>', "<table><tr><td>信息名称</td><td>年度报告</td></tr></table>")
    source = tmp_path / "table.html"
    source.write_text(page, "utf-8")
    got = yaml.safe_load(import_file(source).yaml_text)
    assert got["agency"]["name"] == AGENCY
    assert got["preamble"] == yaml.safe_load(import_file(NAV / "menu.html").yaml_text)["preamble"]
    assert got["preamble"].startswith("2022年,我局认真贯彻党的十九大、二十大精神")
