"""Generators for hostile inputs (issue 16) and a runner that bounds each command's time and memory.

Used by the normal suite at small sizes and by `make fuzz` / benchmarks/hostile_bounds.py at full sizes.
Inputs are generated on the fly: no large file is stored in the repository.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "2022-maiji-zwfw.yaml"
TIME_BOUND = 10.0  # seconds, on 2 cores
MEMORY_BOUND = 500 * 1024 * 1024  # bytes of peak resident memory


@dataclass
class Run:
    """One command run: exit code, wall time, peak resident memory, output."""

    code: int | None  # None: killed at the timeout
    seconds: float
    peak: int  # bytes
    out: str
    err: str


def run_bounded(args: list[str], cwd: Path, timeout: float = 60.0, address_limit: int | None = None,
                root: Path = ROOT) -> Run:
    """Run `python -m nianbao ARGS` (from checkout `root`) in a subprocess; peak memory from wait4, optional RLIMIT_AS."""
    env = dict(os.environ, PYTHONPATH=str(root), NIANBAO_JOBS="1")

    def limit() -> None:
        if address_limit:
            resource.setrlimit(resource.RLIMIT_AS, (address_limit, address_limit))

    out_f, err_f = cwd / ".run.out", cwd / ".run.err"
    with open(out_f, "wb") as out, open(err_f, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "nianbao", *args], cwd=cwd, env=env, stdout=out,
                                stderr=err, stdin=subprocess.DEVNULL, preexec_fn=limit, start_new_session=True)
        code: int | None = None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() - start > timeout:
                os.killpg(proc.pid, 9)
                _, _, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - start
    proc.returncode = code if code is not None else -9
    return Run(code, seconds, usage.ru_maxrss * 1024, out_f.read_text("utf-8", "replace"),
               err_f.read_text("utf-8", "replace"))


OTHER = "other: |  # 六、其他需要报告的事项\n"


def base_yaml() -> str:
    """A valid 2021-edition report to mutate, without warnings: its 五 and 六 also say what assessors look for."""
    text = EXAMPLE.read_text("utf-8").replace("(二)改进措施。", "(二)改进措施。上年度报告所列问题已整改。", 1)
    return text.replace(OTHER + "  无。\n", OTHER + "  本年度未收取信息处理费。\n", 1)


def alias_amplification(scalar_bytes: int, refs: int) -> str:
    """One big scalar referenced many times: few bytes on disk, `refs` × `scalar_bytes` once expanded."""
    text = base_yaml().replace(OTHER + "  本年度未收取信息处理费。\n", "")
    big = "无" * (scalar_bytes // 3)
    parts = ", ".join("*big" for _ in range(refs))
    return text + f'anchor_holder: &big "{big}"\nother: [{parts}]\n'


def many_unknown_keys(count: int) -> str:
    """`count` distinct unknown keys at the top level (45 KB for 4,000)."""
    return base_yaml() + "".join(f"k{i}: 1\n" for i in range(count))


_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Default Extension="png" ContentType="image/png"/>'
       '<Override PartName="/word/document.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
       '<Override PartName="/word/styles.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="word/document.xml"/></Relationships>')
_DOC_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             'styles" Target="styles.xml"/>{extra}</Relationships>')
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(path: Path, body_chunks, styles: str = "", image_bytes: int = 0) -> Path:
    """Write a minimal DOCX; `body_chunks` is an iterable of str streamed into word/document.xml."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        extra = ""
        if image_bytes:
            extra = ('<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                     'relationships/image" Target="media/big.png"/>')
            with z.open("word/media/big.png", "w", force_zip64=True) as fh:
                block = b"\0" * (1 << 20)
                for _ in range(image_bytes >> 20):
                    fh.write(block)
        z.writestr("word/_rels/document.xml.rels", _DOC_RELS.format(extra=extra))
        z.writestr("word/styles.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:styles {W}>{styles}</w:styles>')
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>'.encode())
            for chunk in body_chunks:
                fh.write(chunk.encode())
            fh.write(b"</w:body></w:document>")
    return path


def docx_inflation(path: Path, inflated_bytes: int) -> Path:
    """A small DOCX whose document.xml inflates to `inflated_bytes` of whitespace inside a paragraph."""
    mb = " " * (1 << 20)
    return _docx(path, (["<w:p><w:r><w:t>"] + [mb] * (inflated_bytes >> 20) + ["</w:t></w:r></w:p>"]))


def docx_big_image(path: Path, image_bytes: int) -> Path:
    """A DOCX carrying one huge (zero-filled) image part."""
    return _docx(path, ["<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>"], image_bytes=image_bytes)


def docx_many_styles(path: Path, styles: int, paragraphs: int) -> Path:
    """`styles` paragraph styles and `paragraphs` paragraphs each using the last one (21 KB for 2,000 × 2,000)."""
    defs = "".join(f'<w:style w:type="paragraph" w:styleId="s{i}"><w:name w:val="s{i}"/></w:style>'
                   for i in range(styles))
    last = f"s{styles - 1}"
    para = f'<w:p><w:pPr><w:pStyle w:val="{last}"/></w:pPr><w:r><w:rPr><w:rStyle w:val="{last}"/></w:rPr>' \
           '<w:t>一</w:t></w:r></w:p>'
    return _docx(path, (para for _ in range(paragraphs)), styles=defs)


def docx_empty_paragraphs(path: Path, count: int) -> Path:
    """`count` empty <w:p/> (28 KB compressed for 2,000,000)."""
    return _docx(path, ("<w:p/>" * 1000 for _ in range(count // 1000)))


def big_html(path: Path, size: int) -> Path:
    """An HTML page of `size` bytes of small paragraphs (many nodes)."""
    row = "<p>一、总体情况 本机关 2024 年</p>\n"
    n = max(1, size // len(row.encode()))
    path.write_text("<html><body>" + row * n + "</body></html>", encoding="utf-8")
    return path


NAME = "天水市麦积区政务服务管理局"  # the agency of EXAMPLE


def long_agency_name(chars: int) -> str:
    """The example with an agency name of `chars` characters (a paste gone wrong)."""
    return base_yaml().replace(f"  name: {NAME}", "  name: " + "某" * chars, 1)


def invisible_flood(count: int) -> str:
    """The example with `count` zero-width spaces and bidi overrides in the overview (each must be reported or counted)."""
    return base_yaml().replace("overview: |  # 一、总体情况\n  2022年", "overview: |  # 一、总体情况\n  2022年"
                               + "\u200b\u202e" * (count // 2), 1)


def self_extending_templates(folder: Path) -> Path:
    """A user template that extends the shipped name without the nianbao/ prefix: it extends itself."""
    (folder / "2021").mkdir(parents=True, exist_ok=True)
    (folder / "2021" / "report.html.j2").write_text(
        '{% extends "2021/report.html.j2" %}\n{% block signature %}盖章{% endblock %}\n', encoding="utf-8")
    return folder


LONG_PATH_PART = "长" * 90  # 270 bytes: one more file name than any file system takes
