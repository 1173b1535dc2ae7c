"""Fuzzing load → check → build over mutated example YAMLs: only the project's own clean errors come out.

The normal suite runs a few hundred cases; `make fuzz` runs ≥ 10,000 (NIANBAO_FUZZ_CASES).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from importlib import import_module
from pathlib import Path

from conftest import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.build import build_file
from nianbao.check import check_file
from nianbao.issues import CODES
from nianbao.render import RENDERERS

CASES = int(os.environ.get("NIANBAO_FUZZ_CASES", "150"))
TEXTS = [p.read_text(encoding="utf-8") for p in EXAMPLES]

HOSTILE = [
    "-1", "1e309", "-0", "0x1F", "true", "null", "~", "15件", "40.35万元", "99999999999999999999999",
    "!!python/object/apply:os.system ['id']", "!!binary AAAA", "*nope", "&a", "<<: *a", "\t", "{", "}", "[", "]",
    "{{ 7*7 }}", "{% if 1 %}x{% endif %}", "<script>alert(1)</script>", "javascript:alert(1)", "\x00", "\x1b[2J",
    "\u202e", "\ufeff", "\u3000", "'", '"', "|", ">", "#", ":", "- ", "? ", "2025-13-45", "…", "年",
    # values of the wrong shape where text, numbers or mappings are expected
    "[1, 2]", "[]", "{}", "{a: 1}", "[[[]]]", "{x: {y: z}}", "[{natural: 1}]", "2025-01-20", "2025-01-20T08:00:00",
]


def _formats() -> list[str]:
    """Formats whose renderer exists in this checkout (pdf is too slow for fuzzing)."""
    found = []
    for fmt in ("html", "txt", "docx"):
        module = RENDERERS[fmt][0]
        try:
            import_module(module)
        except ImportError:
            continue
        found.append(fmt)
    return found


FORMATS = _formats()


@st.composite
def mutated_yaml(draw) -> str:
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["replace", "insert", "delete", "swap", "hostile-line"]))
        lines = text.split("\n")
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if kind == "replace" and text:
            pos = draw(st.integers(0, len(text) - 1))
            span = draw(st.integers(1, 12))
            text = text[:pos] + draw(st.sampled_from(HOSTILE)) + text[pos + span:]
        elif kind == "insert":
            pos = draw(st.integers(0, len(text)))
            text = text[:pos] + draw(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8))) + text[pos:]
        elif kind == "delete" and text:
            pos = draw(st.integers(0, len(text) - 1))
            text = text[:pos] + text[pos + draw(st.integers(1, 40)):]
        elif kind == "swap" and len(lines) > 1:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        else:
            lines[i] = lines[i].split(":")[0] + ": " + draw(st.sampled_from(HOSTILE))
            text = "\n".join(lines)
    return text


@settings(max_examples=CASES, deadline=None, derandomize=CASES < 1000,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_yaml(), st.booleans())
def test_mutated_reports_give_only_clean_issues(text, force):
    workdir = Path(tempfile.mkdtemp(prefix="nianbao-fuzz-"))
    try:
        src = workdir / "r.yaml"
        try:
            src.write_text(text, encoding="utf-8", errors="surrogatepass")
        except UnicodeEncodeError:
            src.write_bytes(text.encode("utf-8", errors="replace"))
        result = check_file(src)
        assert all(i.code in CODES for i in result.issues)
        assert all(i.message for i in result.issues)
        if FORMATS:
            built = build_file(src, FORMATS, workdir / "out", force=force)
            if built.refused:
                assert result.unreadable or result.errors
                assert not (workdir / "out").exists() or not any((workdir / "out").iterdir())
            else:
                assert {p.suffix for p in built.outputs} == {RENDERERS[f][2] for f in FORMATS}
                assert all(p.stat().st_size > 0 for p in built.outputs)
            leftovers = [p.name for p in (workdir / "out").glob(".*.tmp")] if (workdir / "out").exists() else []
            assert leftovers == []
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
