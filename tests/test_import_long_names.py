"""Import of reports whose agency name is long: the title and the 署名 are then set on several lines
(render.title, the signature block), and import must join them into the one name, with its date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES

from nianbao.build import build_file
from nianbao.importer import import_file

NAMES = [line for line in (Path(__file__).parent / "fixtures" / "agency_names.txt").read_text("utf-8").splitlines()
         if line and not line.startswith("#")]
EXAMPLE = next(p for p in EXAMPLES if p.stem == "2022-maiji-zwfw")


def _report(tmp_path: Path, name: str) -> Path:
    """The example under another agency name, without its own title (so the title is the standard one)."""
    text = EXAMPLE.read_text("utf-8")
    text = re.sub(r"(?m)^  name: .*$", f"  name: {name}", text, count=1)
    text = re.sub(r"(?m)^title: .*\n", "", text)
    path = tmp_path / "report.yaml"
    path.write_text(text, "utf-8")
    return path


def _imported(path: Path) -> dict:
    result = import_file(path)
    assert result.missing == [], result.missing
    return yaml.safe_load(result.yaml_text)


def test_every_listed_name_comes_back_from_the_text_output(tmp_path):
    wrong = []
    for name in NAMES:
        built = build_file(_report(tmp_path, name), ["txt"], tmp_path / "out", force=True)
        got = _imported(built.outputs[0])
        if got["agency"]["name"] != name or str(got["published"]) != "2023-01-31":
            wrong.append((name, got["agency"]["name"], got.get("published")))
    assert wrong == []


@pytest.mark.parametrize("fmt", ["html", "docx"])
@pytest.mark.parametrize("length", [16, 25, 38, 45])
def test_long_names_come_back_from_html_and_docx(tmp_path, fmt, length):
    name = next(n for n in sorted(NAMES, key=len, reverse=True) if len(n) <= length)
    built = build_file(_report(tmp_path, name), [fmt], tmp_path / "out")
    got = _imported(built.outputs[0])
    assert (got["agency"]["name"], str(got["published"])) == (name, "2023-01-31")


def test_a_signature_on_two_lines_gives_the_name_when_there_is_no_title(tmp_path):
    built = build_file(_report(tmp_path, "某某省某某市某某区某某县人民政府办公室政务服务和大数据管理服务中心"), ["txt"],
                       tmp_path / "out")
    lines = built.outputs[0].read_text("utf-8").splitlines()
    body = lines[lines.index("") + 1:]  # the title left out
    sign = body.index("某某省某某市某某区某某县人民政府办公室政务服务和大数据管理服务中心")
    body[sign:sign + 1] = ["某某省某某市某某区某某县人民政府办公室", "政务服务和大数据管理服务中心"]
    cut = tmp_path / "untitled.txt"
    cut.write_text("\n".join(body), "utf-8")
    result = import_file(cut)
    got = yaml.safe_load(result.yaml_text)
    assert got["agency"]["name"] == "某某省某某市某某区某某县人民政府办公室政务服务和大数据管理服务中心"
    assert str(got["published"]) == "2023-01-31"
