"""Page furniture (counters, ICP, metadata) is left out of an import; the report's own sentences never are."""

from __future__ import annotations

import pytest

from nianbao.importer.sections import is_chrome


@pytest.mark.parametrize("line", [
    "浏览量：1234", "访问量: 56 次", "京ICP备12345678号", "当前位置：首页 > 政务公开 > 年报",
    "来源：某某县人民政府 发布时间：2026-01-20", "【打印】【关闭】", "索引号：000014349/2026-00012",
])
def test_page_furniture_is_chrome(line):
    assert is_chrome(line)


@pytest.mark.parametrize("line", [
    "网站日均访问量7.5万人次。",
    "全年政府网站总访问量达120万人次，较上年增长15%。",
    "在门户网站首页开设无障碍浏览通道，方便老年人和残障人士查阅政府信息。",
])
def test_a_sentence_of_the_report_is_never_chrome(line):
    assert not is_chrome(line)


def test_a_sentence_about_visits_survives_the_import(tmp_path):
    from conftest import EXAMPLES

    from nianbao.build import build_file
    from nianbao.importer import import_file

    example = next(p for p in EXAMPLES if p.stem == "2022-maiji-zwfw")
    head, sep, rest = example.read_text("utf-8").partition("\nother: |")
    line_end = rest.index("\n") + 1
    text = head + sep + rest[:line_end] + "  网站日均访问量7.5万人次。\n" + rest[line_end:]
    assert "网站日均访问量" in text
    source = tmp_path / "r.yaml"
    source.write_text(text, "utf-8")
    built = build_file(source, ["txt"], tmp_path / "out", force=True)
    assert "网站日均访问量7.5万人次。" in import_file(built.outputs[0]).yaml_text
