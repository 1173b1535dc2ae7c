"""`nianbao init`: a scaffold that checks clean, in the edition of its year, carrying last year forward."""

from __future__ import annotations

from click.testing import CliRunner

from nianbao.cli import main
from nianbao.load import load_file


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_scaffold_for_2024_checks_clean(tmp_path):
    out = tmp_path / "x.yaml"
    assert run("init", "--year", "2024", "-o", str(out)).exit_code == 0
    assert run("check", str(out)).exit_code == 0
    data = load_file(out).data
    assert set(data["proactive"]) == {"regulations", "normative", "licensing", "punishment", "coercion", "fees"}
    assert set(data["requests"]["other_handling"]) == {"no_correction", "unpaid_fee", "misc"}


def test_scaffold_for_2020_has_the_2019_edition_layout(tmp_path):
    out = tmp_path / "x.yaml"
    assert run("init", "--year", "2020", "--agency", "某县某局", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "国办公开办函〔2019〕60号" in text
    data = load_file(out).data
    assert "procurement" in data["proactive"] and "other_services" in data["proactive"]
    assert data["requests"]["other_handling"] == {}
    assert data["agency"]["name"] == "某县某局"
    assert run("check", str(out)).exit_code == 0


def test_every_key_of_the_scaffold_carries_its_official_label_as_a_comment():
    text = run("init", "--year", "2024").stdout
    comments = "\n".join(line.split("#", 1)[1] for line in text.splitlines() if "#" in line)
    for label in ("一、本年新收政府信息公开申请数量", "1.属于国家秘密", "3.其他", "（三）不予公开",
                  "行政事业性收费", "未经复议直接起诉", "（五）监督保障", "六、其他需要报告的事项"):
        assert label in comments, label
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and ":" in stripped and not stripped.endswith("|"):
            if stripped.split(":")[0] in ("year", "name", "kind", "published", "received", "granted"):
                assert "#" in line, line


def test_init_from_last_year_carries_agency_and_carried_out_into_carried_in(tmp_path):
    last = tmp_path / "2023.yaml"
    last.write_text(
        "year: 2023\nagency: {name: 某区某局, kind: government}\npublished: 2024-01-20\n"
        "requests:\n  received: {natural: 5, legal: 2}\n  granted: {natural: 3}\n", encoding="utf-8")
    out = tmp_path / "2024.yaml"
    assert run("init", "--from", str(last), "-o", str(out)).exit_code == 0
    data = load_file(out).data
    assert data["year"] == 2024
    assert data["agency"] == {"name": "某区某局", "kind": "government"}
    assert data["requests"]["carried_in"] == {"natural": 2, "legal": 2, "total": 4}
    assert run("check", "--previous", str(last), str(out)).exit_code == 0
