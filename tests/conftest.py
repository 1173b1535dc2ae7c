"""Shared fixtures: the examples, the golden-file flag, and clear skips for missing system tools."""

from __future__ import annotations

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
