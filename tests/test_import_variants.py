"""Reports written for these tests (other agencies, years, layouts, encodings): the importer is not tuned to the seeds."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from conftest import FIXTURES

from nianbao.importer import import_file

IMPORT = FIXTURES / "import"


def _load(result) -> dict:
    return yaml.safe_load(result.yaml_text)


def test_html_page_with_merged_cells_and_site_chrome_imports_completely():
    result = import_file(IMPORT / "2021-xinjiu-town.html")
    data = _load(result)
    assert result.edition == "2021"
    assert len(result.cells) == result.total_cells == 200
    assert data["agency"] == {"name": "盐边县新九镇人民政府", "kind": "government"}
    assert data["published"] == dt.date(2022, 1, 20)  # the signed date wins over the page's 发布时间
    assert data["proactive"]["normative"] == {"made": 2, "repealed": 1, "in_force": 5}
    assert data["proactive"]["fees"] == {"amount": 1.25}
    assert data["requests"]["unable"]["not_held"]["natural"] == 1
    assert data["reviews"]["review"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2}
    assert data["reviews"]["litigation_after_review"]["total"] == 1
    assert set(data["overview"]) == {"proactive", "on_request", "management", "platforms", "oversight"}
    assert "**126**" in data["overview"]["proactive"]  # <strong> kept as Markdown emphasis
    text = result.yaml_text
    for chrome in ("今天是", "点击量", "ICP备", "首页", "网站标识码", "visits"):
        assert chrome not in text
    assert data["other"].strip() == "本年度未收取信息处理费。"  # signature and date are not narrative
    assert result.exit_code == 0, [i.to_text() for i in result.all_issues]


def test_word_file_with_vertical_and_horizontal_merges_imports_completely():
    result = import_file(IMPORT / "2020-wuhai-merged.docx")
    data = _load(result)
    assert result.edition == "2019"
    assert len(result.cells) == 198
    assert data["proactive"]["licensing"] == {"previous": 12, "change": 2, "decisions": 30}
    assert data["proactive"]["other_services"]["change"] == -1
    assert data["proactive"]["fees"] == {"previous": 2, "change": -1}
    assert data["requests"]["received"]["other"] == 1 and data["requests"]["total"]["total"] == 3
    assert data["reviews"]["review"]["upheld"] == 1
    assert data["published"] == dt.date(2021, 1, 25)
    assert "**85条**" in data["overview"]  # a bold run
    assert result.exit_code == 0, [i.to_text() for i in result.all_issues]


def test_amount_printed_in_yuan_is_converted_to_wan_yuan_and_noted():
    result = import_file(IMPORT / "2020-wuhai-merged.docx")
    assert result.cells["proactive.procurement.amount"] == pytest.approx(25.1)
    assert "251000元" in result.yaml_text and "按元换算为 25.1 万元" in result.yaml_text
    assert not [i for i in result.issues if i.code == "import-unit"]  # the unit was printed: nothing to doubt


def test_traditional_text_with_simplified_twins_imports_as_simplified():
    result = import_file(IMPORT / "2020-lishui-traditional-twins.txt")
    data = _load(result)
    assert data["agency"]["name"] == "丽水市莲都区审计局"
    assert data["proactive"]["other_services"] == {"previous": 3, "change": -1, "decisions": 6}  # 減1
    assert data["proactive"]["punishment"]["change"] == 3  # 增3
    assert data["proactive"]["procurement"] == {"projects": 2, "amount": 18.6}  # 18.6萬元
    assert "(" not in result.yaml_text.split("proactive:")[0]  # no twin left anywhere in the prose
    assert data["overview"].startswith("2020年，我局认真贯彻条例规定，主动公开审计结果公告12条")
    assert "### （一）存在的主要问题" in data["problems"]
    assert len(result.cells) == 198 and result.exit_code == 0


def test_word_text_export_in_gb18030_with_tabs_and_crlf_imports_completely():
    result = import_file(IMPORT / "2024-chengjiang-tabs-gb18030.txt")
    data = _load(result)
    assert result.edition == "2021" and data["year"] == 2024
    assert data["agency"]["name"] == "澄江市教育体育局"  # title broken over two lines
    assert len(result.cells) == 200
    assert data["proactive"]["fees"] == {"amount": 12.5}
    assert data["reviews"]["litigation"]["upheld"] == 1
    assert data["overview"]["proactive"].split("\n\n")[0] == "全年主动公开政府信息 318 条。"  # NBSP → space
    assert "1\\. 公开招生入学政策；" in data["overview"]["proactive"]  # stays text, not a Markdown list
    variants = [i for i in result.issues if i.code == "import-label"]
    assert len(variants) == 1 and "只计这一情况" in variants[0].message  # 情况 for 情形: accepted, reported
    assert result.cells["requests.partly_granted.natural"] == 1


def test_report_cut_off_inside_table_three_imports_what_it_has_and_lists_the_rest():
    result = import_file(IMPORT / "2023-yuechi-cutoff.txt")
    data = _load(result)
    assert result.exit_code == 1
    assert data["proactive"]["licensing"] == {"decisions": 428}
    assert data["requests"]["received"] == {"natural": 2, "business": 1, "research": 0, "nonprofit": 0,
                                            "legal": 0, "other": 0, "total": 3}
    # the row the text breaks off in: the numbers before the cut keep their columns, the rest are listed
    assert data["requests"]["unable"]["not_held"] == {"natural": 1, "business": 1, "research": 0}
    assert "requests.unable.not_held.total" not in result.cells
    assert not any(k.startswith(("requests.total.", "requests.carried_out.", "reviews.")) for k in result.cells)
    missing = "\n".join(result.missing)
    for label in ("（七）总计", "四、结转下年度继续办理", "四、政府信息公开行政复议、行政诉讼情况",
                  "五、存在的主要问题及改进情况", "六、其他需要报告的事项", "2.没有现成信息需要另行制作"):
        assert label in missing
    assert sorted(result.sections) == ["overview", "proactive", "requests"]
    assert data["published"] == dt.date(2024, 1, 26)  # from the page's 发布日期 (no signature: cut off)


def test_row_whose_empty_cells_vanished_is_reported_never_guessed():
    result = import_file(IMPORT / "2020-pingli-vanished-cells.txt")
    # "行政处罚 5 27": three columns, two numbers, no way to know which one is missing
    assert not any(k.startswith("proactive.punishment.") for k in result.cells)
    # "1.本机关不掌握相关政府信息 1 0 0 0 0 1": six numbers for seven columns
    assert not any(k.startswith("requests.unable.not_held.") for k in result.cells)
    ambiguous = [i for i in result.issues if i.code == "import-ambiguous"]
    assert sorted(i.path for i in ambiguous) == ["proactive.punishment", "requests.unable.not_held"]
    assert all("无法确定" in i.message for i in ambiguous)


def test_placeholder_cell_is_left_out_and_its_neighbours_kept():
    result = import_file(IMPORT / "2020-pingli-vanished-cells.txt")
    assert "proactive.coercion.previous" not in result.cells
    assert result.cells["proactive.coercion.change"] == 0 and result.cells["proactive.coercion.decisions"] == 0
    assert any(i.path == "proactive.coercion.previous" and "「-」" in i.message for i in result.issues)


def test_signed_changes_and_thousands_separators_are_read():
    result = import_file(IMPORT / "2020-pingli-vanished-cells.txt")
    assert result.cells["proactive.licensing.change"] == -2  # 减2
    assert result.cells["proactive.other_services.change"] == -1  # -1
    assert result.cells["proactive.procurement.amount"] == pytest.approx(25.1)  # 251,000元


def test_single_space_rows_with_group_and_row_label_in_one_line_are_placed():
    result = import_file(IMPORT / "2020-pingli-vanished-cells.txt")
    assert result.cells["requests.granted.natural"] == 3  # "三、本年度办理结果 （一）予以公开 3 0 0 0 0 0 3"
    assert result.cells["requests.withheld.state_secret.total"] == 0


def test_report_in_the_wrong_edition_for_its_year_is_imported_and_flagged():
    result = import_file(IMPORT / "2022-hanyin-old-format.txt")
    data = _load(result)
    assert result.edition == "2019" and data["year"] == 2022
    assert data["edition"] == "2019"  # declared, so that check sees the mismatch
    assert [i.code for i in result.check.errors] == ["edition"]
    assert len(result.cells) == 198 and result.exit_code == 1


def test_imported_yaml_carries_the_official_label_of_every_key_as_a_comment():
    text = import_file(IMPORT / "2021-xinjiu-town.html").yaml_text
    lines = {line.split(":")[0].strip(): line for line in text.splitlines() if ":" in line and not line.startswith("#")}
    assert "# 报告年度" in lines["year"]
    assert "# 行政规范性文件" in lines["normative"]
    assert "# （四）无法提供" in lines["unable"]
    assert "# 1.申请人无正当理由逾期不补正" in lines["no_correction"]
    assert "# 复议后起诉" in lines["litigation_after_review"]
    assert "# 五、存在的主要问题及改进情况" in lines["problems"]


def test_page_laid_out_inside_a_layout_table_still_finds_the_data_tables(tmp_path):
    page = (IMPORT / "2021-xinjiu-town.html").read_text(encoding="utf-8")
    page = page.replace('<div class="article">', '<table width="100%"><tr><td>栏目导航</td><td><div class="article">')
    page = page.replace('<div class="footer">', '</td></tr></table><div class="footer">')
    path = tmp_path / "layout.html"
    path.write_text(page, encoding="utf-8")
    result = import_file(path)
    assert len(result.cells) == 200 and result.exit_code == 0


def test_word_headings_numbered_by_the_list_style_are_found_by_their_words(tmp_path):
    """Word's automatic numbering is not in the text: a heading-styled '存在问题及改进措施' is still 五."""
    import docx

    document = docx.Document(str(IMPORT / "2020-wuhai-merged.docx"))
    for para in document.paragraphs:
        if para.style.name.startswith("Heading") and "、" in para.text[:3]:
            text = para.text.split("、", 1)[1]
            para.text = "存在问题及改进措施" if text.startswith("存在") else text
    path = tmp_path / "auto-numbered.docx"
    document.save(str(path))
    result = import_file(path)
    data = _load(result)
    assert sorted(result.sections) == sorted(["overview", "proactive", "requests", "reviews", "problems", "other"])
    assert data["problems"].startswith("政策解读形式单一")
    assert len(result.cells) == 198
    assert any(i.code == "import-label" and "存在问题及改进措施" in i.message for i in result.issues)


def test_extra_subtotal_column_in_the_header_makes_wider_rows_unplaceable(tmp_path):
    """Some tools add a 法人或其他组织 subtotal column: 8 numbers per row can't be mapped to the 7 official columns."""
    lines = (IMPORT / "2022-hanyin-old-format.txt").read_text(encoding="utf-8").split("\n")
    out, in_table3 = [], False
    for line in lines:
        if line.startswith("自然人 | 法人或其他组织"):
            line = "自然人 | 法人或其他组织 | 小计 | 总计 |"
        if line.startswith("三、收到和处理"):
            in_table3 = True
        elif line.startswith("四、政府信息公开行政复议"):
            in_table3 = False
        elif in_table3 and line.endswith(" | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"):
            line = line.replace(" | 0 | 0 |", " | 0 | 0 | 0 |", 1)
        out.append(line)
    path = tmp_path / "subtotal.txt"
    path.write_text("\n".join(out), encoding="utf-8")
    result = import_file(path)
    assert not any(k.startswith("requests.") for k in result.cells)
    ambiguous = [i for i in result.issues if i.code == "import-ambiguous"]
    assert len(ambiguous) == 23 and all("小计" in i.message for i in ambiguous)
    assert not [i for i in result.issues if i.code == "import-missing" and i.path.startswith("requests")]
    assert len([k for k in result.cells if k.startswith(("proactive.", "reviews."))]) == 22 + 15


def test_page_metadata_block_gives_the_date_and_stays_out_of_the_text(tmp_path):
    page = (IMPORT / "2021-xinjiu-town.html").read_text(encoding="utf-8")
    meta = ('<table class="meta"><tr><td>索引号：</td><td>11510422MB0000000X/2022-00007</td><td>发布机构：</td>'
            '<td>新九镇</td></tr><tr><td>成文日期：</td><td>2022年01月19日</td><td>主题分类：</td><td>年度报告</td></tr></table>'
            '<p>信息来源：新九镇党政办</p>')
    page = page.replace('<div class="content">', meta + '<div class="content">')
    page = page.replace('<p style="text-align:right">2022年1月20日</p>', "")
    path = tmp_path / "meta.html"
    path.write_text(page, encoding="utf-8")
    result = import_file(path)
    data = _load(result)
    assert data["published"] == dt.date(2022, 1, 19)
    assert "索引号" not in result.yaml_text and "信息来源" not in result.yaml_text
    assert len(result.cells) == 200 and result.exit_code == 0, [i.to_text() for i in result.all_issues]


def test_web_page_cut_off_inside_a_table_row_keeps_the_numbers_before_the_cut(tmp_path):
    page = (IMPORT / "2021-xinjiu-town.html").read_text(encoding="utf-8")
    cut = page.index("<td>1.本机关不掌握相关政府信息</td>") + len("<td>1.本机关不掌握相关政府信息</td><td>1</td><td>0</td>")
    path = tmp_path / "cut.html"
    path.write_text(page[:cut], encoding="utf-8")
    result = import_file(path)
    assert result.cells["requests.unable.not_held.natural"] == 1
    assert result.cells["requests.unable.not_held.business"] == 0
    assert "requests.unable.not_held.research" not in result.cells
    assert not any(k.startswith(("requests.total.", "reviews.")) for k in result.cells)
    assert result.exit_code == 1 and any("六、其他需要报告的事项" in m for m in result.missing)


def test_web_table_whose_header_lost_columns_is_read_in_official_column_order(tmp_path):
    page = (IMPORT / "2021-xinjiu-town.html").read_text(encoding="utf-8")
    page = page.replace("<th>法律服务机构</th><th>其他</th>", "").replace('<th rowspan="2">总计</th>', "")
    path = tmp_path / "lost-header.html"
    path.write_text(page, encoding="utf-8")
    result = import_file(path)
    assert result.cells["requests.received.total"] == 6 and result.cells["requests.received.other"] == 0
    assert len(result.cells) == 200 and result.exit_code == 0
