"""Shared fixtures: the examples, the golden-file flag, and clear skips for missing system tools."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
FIXTURES = ROOT / "tests" / "fixtures"
# nianbao caches template clean-ups on disk: the suite (and the commands it starts) use a fresh folder
os.environ["NIANBAO_CACHE"] = tempfile.mkdtemp(prefix="nianbao-test-cache-")
atexit.register(shutil.rmtree, os.environ["NIANBAO_CACHE"], True)
SEEDS = ROOT / "tests" / "fixtures" / "seeds"  # the five published seed texts, copied so a clone stands alone


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return request.config.getoption("--update-golden")


def need_tool(name: str, why: str):
    """Skip with a plain reason when a system tool is absent (.ci/run installs it)."""
    return pytest.mark.skipif(shutil.which(name) is None, reason=f"{name} 未安装：{why}（.ci/run 会安装）")


@pytest.fixture(params=EXAMPLES, ids=[p.stem for p in EXAMPLES])
def example(request: pytest.FixtureRequest) -> Path:
    return request.param


# Every issue code made in this process during the session: test_every_code_is_produced (run last)
# fails when a registered code is produced by no test at all.
PRODUCED_CODES: set[str] = set()
LAST = "test_registry.py::test_every_registered_code_is_produced_somewhere_in_the_suite"
MARKERS_THAT_MAY_BE_LEFT_OUT = {"browser", "libreoffice", "ooxml", "slow"}


def _record_codes() -> None:
    from nianbao import issues

    made = issues.Issue.__post_init__

    def post_init(self: issues.Issue) -> None:
        made(self)
        PRODUCED_CODES.add(self.code)

    issues.Issue.__post_init__ = post_init  # type: ignore[method-assign]


_record_codes()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the code-coverage test last, mark the slow kinds, and remember the whole collection before -k/-m deselect."""
    for item in items:  # browser, LibreOffice, OOXML-validator and subprocess-server tests are `slow` (not in test-fast)
        if {"browser", "libreoffice", "ooxml"} & {m.name for m in item.iter_markers()} or item.path.name in SLOW_FILES:
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: item.nodeid.endswith(LAST))
    config.stash[ALL_ITEMS] = list(items)


ALL_ITEMS = pytest.StashKey[list]()
SLOW_FILES = {"test_serve_security.py"}  # each test talks to a `nianbao serve` subprocess


def whole_suite_collected(session: pytest.Session) -> str | None:
    """None when this run holds every test file and deselected only browser/LibreOffice/slow tests; else why not."""
    every = session.config.stash.get(ALL_ITEMS, [])
    files = {Path(item.path).name for item in every}
    missing = {p.name for p in (ROOT / "tests").glob("test_*.py")} - files
    if missing:
        return f"只运行了部分测试文件（缺 {len(missing)} 个）"
    kept = {item.nodeid for item in session.items}
    left_out = [i for i in every if i.nodeid not in kept
                and not MARKERS_THAT_MAY_BE_LEFT_OUT & {m.name for m in i.iter_markers()}]
    return f"有 {len(left_out)} 个测试被 -k/-m 排除" if left_out else None


# What sections 五 and 六 say (tests/test_narrative_cells.py): the examples, faithful to published reports, carry
# these warnings of their own; tests of other things leave them out with `not_about_sections`.
SECTION_CODES = frozenset({"problems-empty", "problems-follow-up", "fee-statement"})


def not_about_sections(found: list) -> list:
    """Issues (or output lines) other than the 五/六 warnings of SECTION_CODES."""
    def code(item) -> str:
        if isinstance(item, str):
            return next((c for c in SECTION_CODES if f"[{c}]" in item), "")
        return item["code"] if isinstance(item, dict) else item.code
    return [item for item in found if code(item) not in SECTION_CODES]


def complete(text: str) -> str:
    """A test report made publishable: the parts it leaves out (sections, published, 结转, 表四) appended at the end.

    Lines already in `text` keep their numbers. A `requests` block without 结转 gets the row that balances it
    (一+二−（七）) when `requests` is the last top-level key; otherwise the test must write 结转 itself.
    """
    import yaml

    from nianbao import editions
    from nianbao.check import check_report
    from nianbao.load import load_text

    data = yaml.safe_load(text) or {}
    year = data.get("year") if isinstance(data.get("year"), int) else 2024
    ed = editions.get(str(data["edition"])) if str(data.get("edition")) in editions.EDITION_IDS else editions.for_year(year)
    out = text if text.endswith("\n") or not text else text + "\n"
    requests = data.get("requests")
    if isinstance(requests, dict) and "carried_out" not in requests:
        last_top = [line for line in out.splitlines() if line[:1].isalpha()][-1]
        assert last_top.startswith("requests:") and last_top.strip() == "requests:", "write carried_out in the test"
        values = check_report(load_text(out)).values
        cols = ed.requests.columns
        row = {c.key: values[f"requests.received.{c.key}"] + values[f"requests.carried_in.{c.key}"]
               - values[f"requests.total.{c.key}"] for c in cols}
        out += "  carried_out: {" + ", ".join(f"{k}: {v}" for k, v in row.items()) + "}\n"
    extra = {
        "published": f"{year + 1}-01-20",
        "overview": f"{year}年，本机关依法公开政府信息。",
        "problems": "上年度报告所列问题已整改。本年度人员力量不足，将加强培训。",
        "other": "本年度未收取信息处理费。",
    }
    for key, value in extra.items():
        if key not in data:
            out += f"{key}: {value}\n"
    if "proactive" not in data:
        out += "proactive: {" + ed.proactive.blocks[0].rows[0].key + ": {}}\n"
    if "requests" not in data:
        out += "requests: {carried_out: {}}\n"
    if "reviews" not in data:
        out += "reviews:\n" + "".join(
            f"  {p.key}: {{{', '.join(f'{c.key}: 0' for c in ed.reviews.columns)}}}\n" for p in ed.reviews.parts)
    return out
