"""The HTML page as DESIGN/layout.md §6 asks: sections numbered officially, accessible tables, keys, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html

from nianbao import render_context
from nianbao.check import check_file
from nianbao.render.html import render_html


def _page(example: Path):
    result = check_file(example)
    context = render_context(result)
    return result, context, lxml.html.fromstring(render_html(context))


def test_page_is_zh_cn_self_contained_and_has_no_executable_script(example: Path) -> None:
    _result, context, doc = _page(example)
    assert doc.get("lang") == "zh-CN"
    assert doc.xpath("//title")[0].text == context["title"]
    assert not doc.xpath("//link | //img | //iframe | //*[@src]")
    assert [s.get("type") for s in doc.xpath("//script")] == ["application/json"]


def test_sections_follow_the_official_order_and_numbering(example: Path) -> None:
    result, _context, doc = _page(example)
    ed = result.edition
    assert [h.text_content() for h in doc.xpath("//section/h2")] == [s.number + s.title for s in ed.sections]
    if isinstance(result.report.data.get("overview"), dict):
        assert [h.text_content() for h in doc.xpath("//section[@id='section-overview']/h3")] == [
            p.number + p.title for p in ed.overview_parts]


def test_every_number_cell_carries_its_key_and_the_computed_value(example: Path) -> None:
    result, context, doc = _page(example)
    cells = doc.xpath("//td")
    assert cells and all(td.get("data-key") for td in cells)
    assert {td.get("data-key"): td.text_content() for td in cells} == context["values"]
    assert len(cells) == len(result.values.cells)


def test_tables_have_caption_thead_scopes_and_headers_pointing_at_real_header_ids(example: Path) -> None:
    _result, _context, doc = _page(example)
    for table in doc.xpath("//table"):
        assert table.xpath("./caption")[0].text_content().strip()
        ids = {th.get("id") for th in table.xpath(".//th")}
        assert None not in ids, "every header cell has an id"
        assert all(th.get("scope") in {"col", "colgroup", "row", "rowgroup"} for th in table.xpath(".//th"))
        assert all(th.text_content().strip() for th in table.xpath(".//th")), "no empty header cells"
        for td in table.xpath(".//td"):
            refs = td.get("headers").split()
            assert refs and set(refs) <= ids
    assert doc.xpath("//table[@id='table-requests']/thead/tr") and doc.xpath("//table[@id='table-reviews']/thead/tr")


def test_requests_cells_list_every_level_of_their_headers(example: Path) -> None:
    _result, _context, doc = _page(example)
    cell = doc.xpath("//td[@data-key='requests.withheld.state_secret.business']")[0]
    labels = [doc.get_element_by_id(i).text_content() for i in cell.get("headers").split()]
    assert labels == ["申请人情况", "法人或其他组织", "商业企业", "三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"]


def test_report_data_is_embedded_as_json_and_matches_the_cells(example: Path) -> None:
    result, _context, doc = _page(example)
    data = json.loads(doc.get_element_by_id("report-data").text)
    assert data["edition"] == result.edition.id
    assert data["cells"] == json.loads(json.dumps(result.values.cells))
    assert data["input"]["agency"]["name"] == result.report.data["agency"]["name"]


def test_signature_names_the_agency_and_the_date_without_zero_padding() -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "2020-jinyun-rsj.yaml"
    _result, context, doc = _page(example)
    signature = doc.find_class("signature")[0]
    assert [p.text_content() for p in signature.xpath("./p")] == [context["agency"]["name"], "2021年1月11日"]


def test_published_page_shows_no_issue_list_or_draft_mark(example: Path) -> None:
    _result, _context, doc = _page(example)
    assert not doc.find_class("issues") and not doc.find_class("draft-banner")
