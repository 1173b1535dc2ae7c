"""Regenerate the rule table in README.md from nianbao/registry.yaml (tests fail while it is stale)."""

from pathlib import Path

from nianbao.check.registry import readme_with_table

README = Path(__file__).resolve().parent.parent / "README.md"

if __name__ == "__main__":
    README.write_text(readme_with_table(README.read_text(encoding="utf-8")), encoding="utf-8")
