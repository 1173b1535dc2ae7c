"""Every example renders to exactly its reviewed golden HTML and text (pytest --update-golden rewrites)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao import render_context
from nianbao.check import check_file
from nianbao.render.html import render_html
from nianbao.render.text import render_text

GOLDEN = Path(__file__).parent / "golden"
RENDER = {"html": render_html, "txt": render_text}


@pytest.mark.parametrize("fmt", sorted(RENDER))
def test_example_renders_as_its_golden_file(example: Path, fmt: str, update_golden: bool) -> None:
    result = check_file(example)
    assert result.ok, [i.to_text() for i in result.issues]
    output = RENDER[fmt](render_context(result), None).decode("utf-8")
    golden = GOLDEN / f"{example.stem}.{fmt}"
    if update_golden or not golden.exists():
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(output, encoding="utf-8")
        if not update_golden:
            pytest.fail(f"{golden.name} did not exist and was written; review it and commit")
    assert output == golden.read_text(encoding="utf-8"), f"{golden.name} changed: review, then --update-golden"


def test_rendering_is_deterministic(example: Path) -> None:
    context = render_context(example)
    assert render_html(context) == render_html(render_context(example))
    assert render_text(context) == render_text(render_context(example))
