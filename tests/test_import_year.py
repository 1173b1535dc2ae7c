"""Year, agency and edition when the title does not give them: from the sentences that state them.

Each fixture in tests/fixtures/import/year/ holds one way a published page states its year without a
standard title (written for these tests). The year is taken with a warning to verify it; a year that
only names another report in 《》 is not taken; with neither a year nor a distinctive table label the
edition is reported unknown, never guessed.
"""

from __future__ import annotations

import pytest
import yaml
from conftest import FIXTURES

from nianbao.importer import import_file

YEAR = FIXTURES / "import" / "year"
SECTIONS_MISSING = ["二、主动公开政府信息情况（统计表）", "三、收到和处理政府信息公开申请情况（统计表）",
                    "四、政府信息公开行政复议、行政诉讼情况（统计表）"]


@pytest.mark.parametrize(("name", "year", "shown"), [
    ("publish-sentence", 2019, "公布本机关2019年政府信息公开工作年度报告"),
    ("year-comma-sentence", 2021, "2021年，云溪县交通运输局共主动公开"),
    ("cutoff-date", 2022, "截止2022年12月31日"),
    ("period-typo", 2019, "20191月1日至"),
    ("nonstandard-title", 2019, "2019年信息公开年度报告"),
    ("quoted-last-year", 2020, "2020年1月1日至"),
])
def test_year_from_a_sentence_with_a_warning_to_verify(name, year, shown):
    result = import_file(YEAR / f"{name}.txt")
    data = yaml.safe_load(result.yaml_text)
    assert data["year"] == year
    assert data["agency"]["name"] == "云溪县交通运输局"
    assert result.edition == ("2019" if year <= 2020 else "2021")
    assert [(i.severity, i.path, i.message) for i in result.issues if i.code == "import-meta"] == [
        ("warning", "year", f"报告年度 {year} 取自正文「{shown}」，原文没有含年度的标准标题，请核对")]
    assert result.missing == SECTIONS_MISSING
    assert result.exit_code == 1


def test_a_year_that_only_names_last_years_report_is_not_taken():
    result = import_file(YEAR / "quoted-only.txt")
    data = yaml.safe_load(result.yaml_text)
    assert "year" not in data or not isinstance(data["year"], int)
    assert result.edition is None
    messages = [i.message for i in result.issues if i.path in ("year", "edition")]
    assert messages == ["原文没有可识别的报告年度（标题或统计期限），请在 YAML 中填写",
                        "原文的统计表没有只属于某一版格式的标签，也没有报告年度，无法确定格式版本（2019 版或 2021 版）；"
                        "请填写 year 后重新校验"]
    assert "报告年度" in result.missing and "格式版本" in result.missing
    assert "格式版本未知" in result.summary()


def test_preamble_only_yields_year_and_agency_and_lists_the_rest_missing():
    result = import_file(YEAR / "preamble-only.txt")
    assert not result.unreadable
    data = yaml.safe_load(result.yaml_text)
    assert data["year"] == 2020 and data["agency"]["name"] == "云溪县交通运输局"
    assert result.edition == "2019"
    assert result.missing == ["一、总体情况", *SECTIONS_MISSING, "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert result.exit_code == 1


def test_text_without_report_is_still_refused(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text("关于召开年度工作会议的通知\n请各科室准时参加。\n", encoding="utf-8")
    result = import_file(path)
    assert result.unreadable and result.exit_code == 2


@pytest.mark.parametrize(("name", "edition"), [("tables-tail-noyear", None), ("tables-tail-2020", "2019")])
def test_edition_from_the_year_when_the_tables_do_not_tell(name, edition):
    """Only the end of 表三 and 表四 (alike in both editions): the year decides, or nothing does."""
    result = import_file(FIXTURES / "import" / f"{name}.txt")
    assert result.edition == edition
    assert all(v == 0 for k, v in result.cells.items() if k.startswith("reviews."))
    assert len([k for k in result.cells if k.startswith("reviews.")]) == 15
    assert ("格式版本" in result.missing) == (edition is None)


def test_a_number_at_the_very_end_of_a_cut_text_is_imported_with_a_warning():
    result = import_file(FIXTURES / "import" / "2023-yuechi-cutoff.txt")
    cut = [i for i in result.issues if i.code == "import-cut"]
    assert [(i.severity, i.path, i.message) for i in cut] == [
        ("warning", "requests.unable.not_held.research",
         "三、收到和处理政府信息公开申请情况 · （四）无法提供1.本机关不掌握相关政府信息 · 科研机构："
         "原文在此数字「0」处结束，这个数字可能也被截断，已导入，请对照原文核对")]
    assert result.cells["requests.unable.not_held.research"] == 0


def test_only_the_last_number_of_a_text_ending_in_the_tables_is_flagged():
    result = import_file(FIXTURES / "import" / "tables-tail-2020.txt")
    assert [i.path for i in result.issues if i.code == "import-cut"] == ["reviews.litigation_after_review.total"]
