"""Synthetic, consistent reports of either edition: for property tests, fuzzing and benchmarks."""

from __future__ import annotations

import datetime as dt
import random

import yaml

from nianbao import editions

_SENTENCES = [
    "{y}年，{a}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外。",
    "围绕中心工作，及时公开政策文件、规划计划、财政预决算和重点领域信息，主动回应社会关切。",
    "进一步健全政府信息公开工作机制，明确专人负责，严格落实保密审查和发布审核制度。",
    "依托门户网站、政务新媒体和政务服务大厅等平台，拓宽公开渠道，提高信息发布的及时性和准确性。",
    "加强政策解读，采用图文、问答等形式解读重要政策，增强解读的针对性和可读性。",
    "组织开展政务公开业务培训，提升工作人员依法公开的意识和能力。",
]


def _paragraph(rng: random.Random, year: int, agency: str, sentences: int) -> str:
    return "".join(rng.choice(_SENTENCES).format(y=year, a=agency) for _ in range(sentences))


def consistent_report(edition_id: str, rng: random.Random, year: int | None = None,
                      agency: str = "示例县示例局", paragraphs: int = 2, sentences: int = 4,
                      max_count: int = 30) -> dict:
    """A report whose every table cell (totals included) is written out and every rule holds."""
    ed = editions.get(edition_id)
    year = year or rng.randint(ed.year_from, ed.year_to or ed.year_from + 4)
    kind = rng.choice(["department", "government"])
    text = lambda: "\n\n".join(_paragraph(rng, year, agency, sentences) for _ in range(paragraphs))  # noqa: E731
    data: dict = {
        "year": year,
        "agency": {"name": agency, "kind": kind},
        "published": dt.date(year + 1, 1, rng.randint(5, 25)),
        "overview": {p.key: text() for p in ed.overview_parts},
        "problems": text() + "\n\n上一年度报告所列问题已逐项整改。",
        "other": "本年度未收取信息处理费。",
        **{s.key: text() for s in ed.prose_sections if s.role is None},  # the sections a variant adds
        "proactive": {},
        "requests": {},
        "reviews": {},
    }
    for block in ed.proactive.blocks:
        for row in block.rows:
            cells = {}
            for col in block.columns:
                if col.type == "money":
                    cells[col.key] = round(rng.uniform(0, 50), 2)
                elif col.type == "signed":
                    cells[col.key] = rng.randint(-5, 5)
                else:
                    cells[col.key] = rng.randint(0, 200)
            if "new_published" in cells:
                cells["total_published"] = max(cells["total_published"], cells["new_published"])
            data["proactive"][row.key] = cells
    parts = [c.key for c in ed.requests.part_columns]
    total_key = ed.requests.total_column.key
    details = ed.requests.details
    rows: dict[str, dict] = {}

    def with_total(cells: dict) -> dict:
        return {**cells, total_key: sum(cells.values())}

    for r in details:
        rows[r.path] = with_total({c: rng.randint(0, max_count) if rng.random() < 0.4 else 0 for c in parts})
    total = with_total({c: sum(rows[r.path][c] for r in details) for c in parts})
    out = with_total({c: rng.randint(0, 5) for c in parts})
    carried_in = with_total({c: rng.randint(0, total[c] + out[c]) for c in parts})
    received = with_total({c: total[c] + out[c] - carried_in[c] for c in parts})
    if received[total_key] == 0:  # keep R15 out of the way: something always arrives
        received = with_total({**{c: received[c] for c in parts}, parts[0]: received[parts[0]] + 1})
        out = with_total({**{c: out[c] for c in parts}, parts[0]: out[parts[0]] + 1})
    t = ed.requests
    rows[t.received.path], rows[t.carried_in.path] = received, carried_in
    rows[t.total.path], rows[t.carried_out.path] = total, out
    for r in ed.requests.rows:
        _put(data["requests"], r.path, rows[r.path])
    rparts = [c.key for c in ed.reviews.part_columns]
    rtotal = ed.reviews.total_column.key
    for part in ed.reviews.parts:
        cells = {c: rng.randint(0, 3) for c in rparts}
        data["reviews"][part.key] = {**cells, rtotal: sum(cells.values())}
    return data


def _put(tree: dict, dotted: str, value) -> None:
    *groups, last = dotted.split(".")
    for g in groups:
        tree = tree.setdefault(g, {})
    tree[last] = value


def to_yaml(data: dict) -> str:
    """One table row per line (flow mappings), prose as block scalars."""

    class _Dumper(yaml.SafeDumper):
        pass

    def _str(dumper, value: str):
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, _str)
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=None, width=100000)
