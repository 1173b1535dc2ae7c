#!/usr/bin/env python3
"""Regenerate the Word templates nianbao/templates/<edition>/report.docx (or a house-style copy).

    .venv/bin/python scripts/make_docx_templates.py                      # the shipped templates
    .venv/bin/python scripts/make_docx_templates.py --body 仿宋 --heading2 楷体 -o my-templates
    nianbao build report.yaml --to docx --templates my-templates

Every Jinja tag is written as one run, so docxtpl reads it whole; the output is reproducible
byte for byte (tests/test_docx_template.py checks that the committed files are current).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import fields
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nianbao.render.docx.styles import Fonts  # noqa: E402
from nianbao.render.docx.template import SHIPPED, write_templates  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成各版本的 Word 模板（report.docx）")
    parser.add_argument("-o", "--output", type=Path, default=SHIPPED, help="输出文件夹（默认：内置模板文件夹）")
    defaults = Fonts()
    for f in fields(Fonts):
        parser.add_argument(f"--{f.name.replace('_', '-')}", default=getattr(defaults, f.name),
                            help=f"字体（默认 {getattr(defaults, f.name)}）")
    args = parser.parse_args(argv)
    fonts = Fonts(**{f.name: getattr(args, f.name) for f in fields(Fonts)})
    for path in write_templates(args.output, fonts):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
