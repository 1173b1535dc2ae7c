"""The 2019 and 2021 tables differ exactly as reference/format.md §3.3 and §4.2 say, one test per difference.

The labels are typed here on purpose: this is the independent check of the edition files against the
reference, through the rendered HTML.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import lxml.html
import pytest

from nianbao import render_context
from nianbao.render.html import render_html
from nianbao.render.text import render_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = {"2019": ROOT / "examples" / "2020-ankang-xzsp.yaml", "2021": ROOT / "examples" / "2022-maiji-zwfw.yaml"}


@cache
def page(edition: str):
    return lxml.html.fromstring(render_html(render_context(EXAMPLE[edition])))


@cache
def text(edition: str) -> str:
    return render_text(render_context(EXAMPLE[edition])).decode("utf-8")


def blocks(edition: str) -> dict[str, dict]:
    """表二 by block caption: value column labels, row labels, value cell colspans, grid width."""
    out = {}
    for tbody in page(edition).get_element_by_id("table-proactive").xpath("./tbody"):
        rows = tbody.xpath("./tr")
        caption = rows[0].xpath("./th")[0]
        out[caption.text_content()] = {
            "width": int(caption.get("colspan")),
            "columns": [th.text_content() for th in rows[1].xpath("./th")[1:]],
            "rows": [tr.xpath("./th")[0].text_content() for tr in rows[2:]],
            "spans": [int(td.get("colspan", "1")) for tr in rows[2:] for td in tr.xpath("./td")],
        }
    return out


def test_block_one_columns_are_new_made_published_total_in_2019_and_made_repealed_in_force_in_2021() -> None:
    assert blocks("2019")["第二十条第（一）项"]["columns"] == ["本年新制作数量", "本年新公开数量", "对外公开总数量"]
    assert blocks("2021")["第二十条第（一）项"]["columns"] == ["本年制发件数", "本年废止件数", "现行有效件数"]


def test_block_one_second_row_gains_xingzheng_in_2021() -> None:
    assert blocks("2019")["第二十条第（一）项"]["rows"] == ["规章", "规范性文件"]
    assert blocks("2021")["第二十条第（一）项"]["rows"] == ["规章", "行政规范性文件"]


def test_block_five_loses_other_services_row_and_keeps_only_decisions_in_2021() -> None:
    old, new = blocks("2019")["第二十条第（五）项"], blocks("2021")["第二十条第（五）项"]
    assert old["columns"] == ["上一年项目数量", "本年增/减", "处理决定数量"]
    assert old["rows"] == ["行政许可", "其他对外管理服务事项"]
    assert new["columns"] == ["本年处理决定数量"] and new["rows"] == ["行政许可"]


def test_block_six_keeps_only_decisions_in_2021() -> None:
    old, new = blocks("2019")["第二十条第（六）项"], blocks("2021")["第二十条第（六）项"]
    assert old["columns"] == ["上一年项目数量", "本年增/减", "处理决定数量"]
    assert new["columns"] == ["本年处理决定数量"]
    assert old["rows"] == new["rows"] == ["行政处罚", "行政强制"]


def test_block_eight_becomes_fee_amount_in_ten_thousand_yuan_in_2021() -> None:
    assert blocks("2019")["第二十条第（八）项"]["columns"] == ["上一年项目数量", "本年增/减"]
    assert blocks("2021")["第二十条第（八）项"]["columns"] == ["本年收费金额（单位：万元）"]
    assert blocks("2019")["第二十条第（八）项"]["rows"] == blocks("2021")["第二十条第（八）项"]["rows"] == ["行政事业性收费"]


def test_block_nine_procurement_exists_only_in_2019() -> None:
    nine = blocks("2019")["第二十条第（九）项"]
    assert nine["rows"] == ["政府集中采购"] and nine["width"] == 7 and nine["spans"] == [3, 3]
    assert nine["columns"][0] == "采购项目数量" and nine["columns"][1].startswith("采购总金额")
    assert "第二十条第（九）项" not in blocks("2021")
    assert "第二十条第（九）项" in text("2019") and "第二十条第（九）项" not in text("2021")
    assert list(blocks("2021")) == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]


@pytest.mark.parametrize(("edition", "width", "three", "one_or_two"), [("2019", 7, 2, 3), ("2021", 4, 1, 3)])
def test_proactive_grid_merges_value_cells_to_the_official_width(edition, width, three, one_or_two) -> None:
    for block in blocks(edition).values():
        assert block["width"] == width
        per_row = len(block["columns"])
        assert set(block["spans"]) == {three if per_row == 3 else one_or_two}
        assert sum(block["spans"][:per_row]) == width - 1


def _request_labels(edition: str) -> list[str]:
    table = page(edition).get_element_by_id("table-requests")
    return [th.text_content() for th in table.xpath("./tbody/tr/th")]


def test_other_handling_is_one_row_in_2019_and_a_group_of_three_in_2021() -> None:
    old, new = _request_labels("2019"), _request_labels("2021")
    assert old[old.index("（六）其他处理") + 1] == "（七）总计"
    i = new.index("（六）其他处理")
    assert new[i + 1:i + 5] == [
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
        "（七）总计",
    ]
    table = {e: page(e).get_element_by_id("table-requests") for e in ("2019", "2021")}
    six = {e: table[e].xpath(".//th[text()='（六）其他处理']")[0] for e in table}
    assert six["2019"].get("rowspan") is None and six["2019"].get("colspan") == "2"
    assert six["2021"].get("rowspan") == "3" and six["2021"].get("scope") == "rowgroup"


@pytest.mark.parametrize(("edition", "rowspan", "rows"), [("2019", "20", 23), ("2021", "22", 25)])
def test_results_group_spans_twenty_rows_in_2019_and_twenty_two_in_2021(edition, rowspan, rows) -> None:
    table = page(edition).get_element_by_id("table-requests")
    assert table.xpath(".//th[text()='三、本年度办理结果']")[0].get("rowspan") == rowspan
    assert len(table.xpath("./tbody/tr")) == rows
    assert all(len(tr.xpath("./td")) == 7 for tr in table.xpath("./tbody/tr"))


def test_requests_and_reviews_headers_are_the_same_in_both_editions() -> None:
    for table in ("table-requests", "table-reviews"):
        heads = [[(th.text_content(), th.get("colspan"), th.get("rowspan")) for th in tr.xpath("./th")]
                 for tr in page("2019").get_element_by_id(table).xpath("./thead/tr")]
        assert heads == [[(th.text_content(), th.get("colspan"), th.get("rowspan")) for th in tr.xpath("./th")]
                         for tr in page("2021").get_element_by_id(table).xpath("./thead/tr")]
