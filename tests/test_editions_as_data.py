"""An edition is one schema file: a new format in a user folder is checked, built and imported with no other file."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import yaml
from conftest import ROOT

from nianbao import editions
from nianbao.check.registry import all_rules

SHIPPED = ROOT / "nianbao" / "schemas"


def _edition_2026(folder: Path) -> Path:
    """A 2026 format made from the 2021 file: new id, years and document, and one more row in 表二."""
    text = (SHIPPED / "2021.yaml").read_text(encoding="utf-8")
    text = text.replace('edition: "2021"', 'edition: "2026"').replace("years: {from: 2021, to: null}",
                                                                       "years: {from: 2026, to: null}")
    text = text.replace("国办公开办函〔2021〕30号", "国办公开办函〔2026〕1号")
    text = text.replace("        - {key: normative, label: 行政规范性文件}\n",
                        "        - {key: normative, label: 行政规范性文件}\n        - {key: plans, label: 规划计划}\n", 1)
    assert "规划计划" in text and '"2026"' in text
    folder.mkdir()
    (folder / "2026.yaml").write_text(text, encoding="utf-8")
    return folder


def _report_2026(path: Path) -> Path:
    text = (ROOT / "examples" / "2022-maiji-zwfw.yaml").read_text(encoding="utf-8")
    text = text.replace("year: 2022", "year: 2026", 1).replace("published: 2023-01-31", "published: 2027-01-20", 1)
    text = text.replace("  normative: {made: 0, repealed: 0, in_force: 0}",
                        "  normative: {made: 0, repealed: 0, in_force: 0}\n  plans: {made: 2, repealed: 0, in_force: 5}", 1)
    # 五 and 六 as a clean 2026 report writes them (the example's own say nothing of last year or of fees)
    text = text.replace("(二)改进措施。", "(二)改进措施。上年度报告所列问题已整改。", 1)
    text = text.replace("other: |  # 六、其他需要报告的事项\n  无。\n", "other: |  # 六、其他需要报告的事项\n  本年度未收取信息处理费。\n")
    path.write_text(text.replace("2022年", "2026年"), encoding="utf-8")
    return path


def _docx_text(path: Path) -> str:
    """The text of a Word file's body, for a heading that must be in it."""
    with zipfile.ZipFile(path) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", body))


def _nianbao(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nianbao", *args], env=env, capture_output=True, text=True, timeout=120)


def test_a_new_edition_from_one_schema_file_is_checked_built_and_imported(tmp_path):
    env = {**os.environ, editions.EDITIONS_ENV: str(_edition_2026(tmp_path / "editions"))}
    report = _report_2026(tmp_path / "r2026.yaml")
    listed = _nianbao(env, "editions")
    assert "2026\t2026 年度起\t国办公开办函〔2026〕1号" in listed.stdout
    checked = _nianbao(env, "check", str(report), "--format", "json")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert [i for i in json.loads(checked.stdout) if i["severity"] == "error"] == []
    built = _nianbao(env, "build", str(report), "--to", "docx,html,txt", "-o", str(tmp_path / "out"))
    assert built.returncode == 0, built.stdout + built.stderr
    txt = (tmp_path / "out" / "r2026.txt").read_text(encoding="utf-8")
    assert "规划计划" in txt and "国办公开办函" not in txt.split("规划计划")[0][-10:]
    html = (tmp_path / "out" / "r2026.html").read_text(encoding="utf-8")
    assert 'data-key="proactive.plans.in_force"' in html
    assert (tmp_path / "out" / "r2026.docx").read_bytes().startswith(b"PK")
    imported = _nianbao(env, "import", str(tmp_path / "out" / "r2026.txt"), "-o", str(tmp_path / "back.yaml"))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    back = (tmp_path / "back.yaml").read_text(encoding="utf-8")
    assert "plans: {made: 2, repealed: 0, in_force: 5}" in back and "year: 2026" in back
    # without the folder the same report is a 2021-format report with an unknown row
    plain = _nianbao({k: v for k, v in os.environ.items() if k != editions.EDITIONS_ENV}, "check", str(report))
    assert plain.returncode == 1 and "plans" in plain.stdout


def test_every_edition_check_named_in_an_edition_file_is_a_registered_per_edition_check():
    per_edition = {r.name for r in all_rules() if r.per_edition}
    declared = {name for ed in editions.all_editions() for name in ed.checks}
    assert declared == per_edition  # none unknown, none left without an edition


def test_editions_are_discovered_from_the_schema_files():
    files = {p.stem for p in SHIPPED.glob("*.yaml") if not p.name.startswith("_") and p.name != "import_aliases.yaml"}
    assert set(editions.EDITION_IDS) == files


def test_an_unusable_user_edition_file_is_named_and_every_command_stops_with_exit_2(tmp_path):
    folder = tmp_path / "editions"
    folder.mkdir()
    (folder / "2030.yaml").write_text('edition: "2030"\nyears: [oops\n', encoding="utf-8")
    (folder / "2031.yaml").write_text('edition: "2032"\nyears: {from: 2031, to: null}\n', encoding="utf-8")
    result = _nianbao({**os.environ, editions.EDITIONS_ENV: str(folder)}, "check", str(ROOT / "examples" / "2022-maiji-zwfw.yaml"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"格式版本文件 {folder / '2030.yaml'} 无法使用：无法读取（ParserError）",
        f"格式版本文件 {folder / '2031.yaml'} 无法使用：文件中应有 edition: \"2031\"（与文件名一致）",
    ]


# The section list of the 2028 variant: 六 retitled, a 七 of text added, the overview in six parts
ADDED_SECTION = {"key": "tasks", "number": "七、", "title": "政务公开工作要点落实情况"}
ADDED_PART = {"key": "services", "number": "（六）", "title": "政务服务公开"}
OTHER_TITLE = "其他需要报告的事项及说明"


def _variant_2028(folder: Path) -> Path:
    """A variant of the 2021 format whose file replaces 表三's rows (one more 不予公开 row), 表四's parts,
    the sections (六 retitled, a 七 added) and the overview's parts (a sixth)."""
    common = yaml.safe_load((SHIPPED / "_common.yaml").read_text(encoding="utf-8"))
    sections = common["sections"]
    next(s for s in sections if s.get("role") == "other")["title"] = OTHER_TITLE
    sections.append(ADDED_SECTION)
    rows = common["requests"]["rows"]
    withheld = next(n for n in rows[2]["children"] if n.get("key") == "withheld")
    withheld["children"].append({"key": "other_secret", "label": "9.其他法定不予公开情形"})
    reviews = common["reviews"]
    reviews["parts"].append({"key": "appeal", "label": "二审"})
    reviews["groups"][1]["parts"].append("appeal")
    text = (SHIPPED / "2021.yaml").read_text(encoding="utf-8")
    text = text.replace('edition: "2021"', 'edition: "2028"').replace("years: {from: 2021, to: null}",
                                                                       "years: {from: 2028, to: null}")
    text = text.replace("requests:\n", "requests:\n  rows: " + json.dumps(rows, ensure_ascii=False) + "\n", 1)
    text += "reviews: " + json.dumps({"parts": reviews["parts"], "groups": reviews["groups"]}, ensure_ascii=False) + "\n"
    text += "sections: " + json.dumps(sections, ensure_ascii=False) + "\n"
    text += "overview_parts: " + json.dumps(common["overview_parts"] + [ADDED_PART], ensure_ascii=False) + "\n"
    folder.mkdir()
    (folder / "2028.yaml").write_text(text, encoding="utf-8")
    return folder


def test_an_edition_file_replaces_the_shared_layouts_and_sections(tmp_path):
    env = {**os.environ, editions.EDITIONS_ENV: str(_variant_2028(tmp_path / "editions"))}
    made = subprocess.run([sys.executable, "-c", "import random, sys; sys.path.insert(0, sys.argv[1]); from synth import consistent_report, to_yaml;"
                           "sys.stdout.write(to_yaml(consistent_report('2028', random.Random(7), year=2028)))",
                           str(Path(__file__).parent)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    data = yaml.safe_load(made.stdout)
    cells = data["requests"]["withheld"]["other_secret"]
    assert "appeal" in data["reviews"] and sum(cells.values()) > 0  # synth filled the new rows from the layout
    assert data["tasks"] and data["overview"]["services"]  # and the added section and overview part
    report = tmp_path / "r2028.yaml"
    report.write_text(made.stdout, encoding="utf-8")
    checked = _nianbao(env, "check", str(report))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = _nianbao(env, "build", str(report), "--to", "docx,html,txt", "-o", str(tmp_path / "out"))
    assert built.returncode == 0, built.stdout + built.stderr
    html = (tmp_path / "out" / "r2028.html").read_text(encoding="utf-8")
    assert 'data-key="requests.withheld.other_secret.natural"' in html and 'data-key="reviews.appeal.total"' in html
    txt = (tmp_path / "out" / "r2028.txt").read_text(encoding="utf-8")
    assert "9.其他法定不予公开情形" in txt and "二审" in txt
    heading = ADDED_SECTION["number"] + ADDED_SECTION["title"]
    assert f"\n六、{OTHER_TITLE}\n" in txt and f"\n{heading}\n" in txt and txt.index(f"六、{OTHER_TITLE}") < txt.index(heading)
    assert f"{ADDED_PART['number']}{ADDED_PART['title']}" in txt and 'id="section-tasks"' in html
    assert heading in _docx_text(tmp_path / "out" / "r2028.docx")
    imported = _nianbao(env, "import", str(tmp_path / "out" / "r2028.txt"), "-o", str(tmp_path / "back.yaml"))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    back = yaml.safe_load((tmp_path / "back.yaml").read_text(encoding="utf-8"))
    assert back["requests"]["withheld"]["other_secret"] == cells and back["reviews"]["appeal"] == data["reviews"]["appeal"]
    assert back["tasks"].strip() == data["tasks"].strip() and back["other"].strip() == data["other"].strip()
    assert back["overview"]["services"].strip() == data["overview"]["services"].strip()
    assert "章节 7/7 个" in imported.stdout + imported.stderr
    # the rules read the replaced layout: （七）总计 must now include the new row
    report.write_text(made.stdout.replace("other_secret: {natural: ", "other_secret: {natural: 1", 1), encoding="utf-8")
    broken = _nianbao(env, "check", str(report), "--format", "json")
    assert "total" in {i["code"] for i in json.loads(broken.stdout)}, broken.stdout
    # and the prose rules read the added section as they read 五 and 六: last year's year there is stale
    stale = yaml.safe_load(made.stdout)
    stale["tasks"] = "2027年，我局认真落实政务公开工作要点，逐项明确责任分工。"
    report.write_text(yaml.safe_dump(stale, allow_unicode=True, sort_keys=False), encoding="utf-8")
    checked = _nianbao(env, "check", str(report), "--format", "json")
    found = [(i["code"], i["path"]) for i in json.loads(checked.stdout) if i["code"] == "stale-year"]
    assert found == [("stale-year", "tasks")], checked.stdout


def test_a_layout_without_a_row_the_rules_need_is_named(tmp_path):
    folder = tmp_path / "editions"
    folder.mkdir()
    text = (SHIPPED / "2021.yaml").read_text(encoding="utf-8").replace('edition: "2021"', 'edition: "2029"')
    text = text.replace("years: {from: 2021, to: null}", "years: {from: 2029, to: null}")
    text = text.replace("requests:\n", 'requests:\n  rows: [{key: received, label: 收到}, {key: carried_in, label: 结转}]\n', 1)
    (folder / "2029.yaml").write_text(text, encoding="utf-8")
    result = _nianbao({**os.environ, editions.EDITIONS_ENV: str(folder)}, "editions")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"格式版本文件 {folder / '2029.yaml'} 无法使用：表三 role: total 的行须恰有一个（现有 0 个）"]
