"""--templates DIR: the user's folder is searched first, and a user template can extend the shipped one."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao import render_context
from nianbao.build import build_file
from nianbao.render.env import TemplateProblem
from nianbao.render.html import render_html
from nianbao.render.text import render_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "2022-maiji-zwfw.yaml"  # 2021 edition


@pytest.fixture(scope="module")
def context() -> dict:
    return render_context(EXAMPLE)


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_user_template_overrides_one_block_and_keeps_the_rest(tmp_path: Path, context: dict) -> None:
    _write(tmp_path, "2021/report.html.j2",
           '{% extends "nianbao/2021/report.html.j2" %}\n'
           '{% block signature %}<p class="house-seal">（盖章）{{ agency.name }}</p>{% endblock %}\n')
    shipped = render_html(context).decode()
    house = render_html(context, tmp_path).decode()
    assert '<p class="house-seal">（盖章）天水市麦积区政务服务管理局</p>' in house
    assert 'class="signature"' in shipped and 'class="signature"' not in house
    # everything outside the block is the shipped page, byte for byte
    before, after = shipped.split('<div class="closing">')[0], shipped.split("</article>")[1]
    assert house.startswith(before) and house.endswith(after)


def test_user_block_can_add_to_the_shipped_style_with_super(tmp_path: Path, context: dict) -> None:
    _write(tmp_path, "2021/report.html.j2",
           '{% extends "nianbao/2021/report.html.j2" %}\n'
           "{% block style %}{{ super() }}\nh1 { color: #003366; }\n{% endblock %}\n")
    house = render_html(context, tmp_path).decode()
    assert "h1 { color: #003366; }" in house and "--fangsong:" in house


def test_user_shared_file_replaces_the_shipped_one_for_every_edition(tmp_path: Path) -> None:
    _write(tmp_path, "_shared/report.css", "body { font-family: serif; } /* house */\n")
    for example in ("2020-ankang-xzsp.yaml", "2022-maiji-zwfw.yaml"):
        page = render_html(render_context(ROOT / "examples" / example), tmp_path).decode()
        assert "/* house */" in page and "--fangsong:" not in page


def test_edition_without_a_user_template_falls_back_to_the_shipped_one(tmp_path: Path) -> None:
    _write(tmp_path, "2019/report.txt.j2", "HOUSE {{ title }}\n")
    assert render_text(render_context(EXAMPLE), tmp_path) == render_text(render_context(EXAMPLE))
    old = render_text(render_context(ROOT / "examples" / "2020-ankang-xzsp.yaml"), tmp_path).decode()
    assert old == "HOUSE 安康市行政审批服务局2020年政府信息公开年度报告\n"


def test_user_template_is_autoescaped_and_strict(tmp_path: Path, context: dict) -> None:
    _write(tmp_path, "2021/report.html.j2", "<p>{{ '<b>' }}</p>{{ no_such_variable }}")
    with pytest.raises(TemplateProblem, match="no_such_variable"):
        render_html(context, tmp_path)
    _write(tmp_path / "ok", "2021/report.html.j2", "<p>{{ '<b>' }}</p>")
    assert render_html(context, tmp_path / "ok") == b"<p>&lt;b&gt;</p>"


def test_broken_user_template_fails_the_build_with_file_and_line_not_a_traceback(tmp_path: Path) -> None:
    _write(tmp_path / "tpl", "2021/report.html.j2", "line one\n{% if %}\n")
    res = build_file(EXAMPLE, ["html", "txt"], tmp_path / "out", tmp_path / "tpl")
    assert [p.name for p in res.outputs] == ["2022-maiji-zwfw.txt"]
    assert len(res.failures) == 1 and res.failures[0].startswith("html：模板语法错误：")
    assert "report.html.j2:2" in res.failures[0]
    assert not (tmp_path / "out" / "2022-maiji-zwfw.html").exists()


def test_missing_templates_folder_is_reported_in_chinese(tmp_path: Path, context: dict) -> None:
    with pytest.raises(TemplateProblem, match="模板文件夹不存在"):
        render_html(context, tmp_path / "nope")
