"""Issue 16: hostile inputs answered within 10 s and 500 MB (or refused in Chinese, exit 2), in a subprocess.

The normal suite runs small sizes; `make fuzz` (NIANBAO_HOSTILE_FULL=1) runs the sizes the red team used.
"""

from __future__ import annotations

import os

import pytest
from hostile_cases import (
    LONG_PATH_PART,
    MEMORY_BOUND,
    TIME_BOUND,
    alias_amplification,
    base_yaml,
    big_html,
    docx_big_image,
    docx_empty_paragraphs,
    docx_inflation,
    docx_many_styles,
    invisible_flood,
    long_agency_name,
    many_unknown_keys,
    run_bounded,
    self_extending_templates,
)

FULL = os.environ.get("NIANBAO_HOSTILE_FULL") == "1"
MB = 1 << 20


def _yaml(tmp, text):
    (tmp / "r.yaml").write_text(text, encoding="utf-8")
    return "r.yaml"


CASES = {
    # name: (make input in tmp → args, expected exit, text expected on stderr)
    "alias-amplification": (lambda t: ["build", "--force", "--to", "html", "-o", "out",
                                       _yaml(t, alias_amplification(MB if FULL else 300_000, 100 if FULL else 20))],
                            2, "[too-complex]"),
    "unknown-keys": (lambda t: ["check", _yaml(t, many_unknown_keys(24_000 if FULL else 4_000))], 1, "个未知的键未逐一列出"),
    "docx-inflation": (lambda t: ["import", str(docx_inflation(t / "b.docx", (4096 if FULL else 40) * MB))],
                       2, "解压后有"),
    "docx-big-image": (lambda t: ["import", str(docx_big_image(t / "i.docx", (200 if FULL else 40) * MB))],
                       2, "解压后有"),
    "docx-many-styles": (lambda t: ["import", str(docx_many_styles(t / "s.docx", *((2000, 2000) if FULL else (500, 500))))],
                         2, "没有找到年度报告的章节标题"),
    "docx-empty-paragraphs": (lambda t: ["import", str(docx_empty_paragraphs(t / "e.docx", 2_000_000 if FULL else 200_000))],
                              2, "个段落或表格（上限"),
    "html-many-nodes": (lambda t: ["import", str(big_html(t / "p.html", (48 if FULL else 6) * MB))], 2, "网页"),
    "long-agency-name": (lambda t: ["build", "--force", "--to", "html,txt,docx", "-o", "out",
                                    _yaml(t, long_agency_name(20_000 if FULL else 2_000))], 1, "[too-long] 机关全称"),
    "invisible-characters": (lambda t: ["check", _yaml(t, invisible_flood(1_000_000 if FULL else 100_000))],
                             0, "个不可见的格式字符（以上只列出前 20 个）"),
    "long-output-name": (lambda t: ["build", "--to", "html,txt", "-o", LONG_PATH_PART, _yaml(t, base_yaml())],
                         2, "文件名或路径过长"),
    "template-loop": (lambda t: ["build", "--to", "html", "-o", "out", "--templates",
                                 str(self_extending_templates(t / "tpl")), _yaml(t, base_yaml())],
                      1, "请写“nianbao/2021/report.html.j2”"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input_is_bounded(tmp_path, name):
    make, code, said = CASES[name]
    args = make(tmp_path)
    run = run_bounded(args, tmp_path, timeout=60, address_limit=2048 * MB)
    assert run.code == code, (run.code, run.err[-2000:])
    assert said in run.out + run.err
    assert "Traceback" not in run.err and "内部错误" not in run.out + run.err
    assert run.seconds <= TIME_BOUND, f"{name}: {run.seconds:.1f} s"
    assert run.peak <= MEMORY_BOUND, f"{name}: {run.peak / MB:.0f} MB"
