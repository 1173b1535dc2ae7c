"""Fuzzing import over mutated seed texts and over HTML/DOCX built from the examples.

Only the project's own clean results may come out: no exception, every issue a known code with a
message, an exit code of 0, 1 or 2, and YAML that loads whenever something was imported. The normal
suite runs a few hundred cases per input kind; `make fuzz` runs ≥ 10,000 (NIANBAO_FUZZ_CASES).
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

from conftest import EXAMPLES, FIXTURES, SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from nianbao import render_context
from nianbao.importer import import_file
from nianbao.issues import CODES
from nianbao.load import load_text
from nianbao.render.docx import render_docx
from nianbao.render.html import render_html

CASES = int(os.environ.get("NIANBAO_FUZZ_CASES", "150"))


def _read(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


TXT_SEEDS = [_read(p) for p in sorted(SEEDS.glob("*.txt")) + sorted((FIXTURES / "import").glob("*.txt"))]
CONTEXTS = [render_context(p) for p in EXAMPLES]
HTML_SEEDS = [render_html(c).decode("utf-8") for c in CONTEXTS]
HTML_SEEDS += [_read(p) for p in sorted((FIXTURES / "import").glob("*.htm*"))]
DOCX_SEEDS = [render_docx(c) for c in CONTEXTS] + [p.read_bytes() for p in sorted((FIXTURES / "import").glob("*.docx"))]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

HOSTILE = [
    "-1", "−5", "1,234", "１２", "一百", "99999999999999999999999", "1e309", "0.5", "15件", "40.35万元", "NaN",
    "（七）总计", "总计", "本年新收政府信息公开申请数量", "一、总体情况", "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项", "自然人", "法人或其他组织", "结转下年度继续办理", "2019年", "2024年", "2025年1月20日",
    "<td>", "</td>", "<tr>", "</table>", "<table>", '<td colspan="999999">', '<td rowspan="0">', "&#0;", "&#xD800;",
    "&nbsp;", "<br>", "<script>alert(1)</script>", "{{ 7*7 }}", "{% x %}", "\x00", "\x1b[2J", "\ud800", "\ufeff",
    "\u202e", "\u3000", "\t", "|", "│", "———", "\r", "\r\n", "\n\n\n", "…", "：", ":", "年", "#", "- ", "1.", "（一）",
]


def _mutate_text(draw, text: str) -> str:
    """1–5 edits: replace, insert, delete, swap lines, duplicate a line, or a hostile line."""
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["replace", "insert", "delete", "swap", "duplicate", "hostile-line", "cut"]))
        lines = text.split("\n")
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if kind == "replace" and text:
            pos = draw(st.integers(0, len(text) - 1))
            text = text[:pos] + draw(st.sampled_from(HOSTILE)) + text[pos + draw(st.integers(1, 12)):]
        elif kind == "insert":
            pos = draw(st.integers(0, len(text)))
            text = text[:pos] + draw(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8))) + text[pos:]
        elif kind == "delete" and text:
            pos = draw(st.integers(0, len(text) - 1))
            text = text[:pos] + text[pos + draw(st.integers(1, 400)):]
        elif kind == "swap" and len(lines) > 1:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif kind == "duplicate":
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        elif kind == "cut" and text:
            text = text[: draw(st.integers(0, len(text)))]
        else:
            lines[i] = draw(st.sampled_from(HOSTILE)) + " " + lines[i][: draw(st.integers(0, 20))]
            text = "\n".join(lines)
    return text


def _encode(draw, text: str) -> bytes:
    """The text as a clerk's machine may have saved it."""
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"]))
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="surrogatepass")


@st.composite
def mutated_txt(draw) -> tuple[str, bytes]:
    text = _mutate_text(draw, draw(st.sampled_from(TXT_SEEDS)))
    return draw(st.sampled_from([".txt", ".txt", ".md", ".text"])), _encode(draw, text)


@st.composite
def mutated_html(draw) -> tuple[str, bytes]:
    text = _mutate_text(draw, draw(st.sampled_from(HTML_SEEDS)))
    suffix = draw(st.sampled_from([".html", ".html", ".htm", ".txt"]))  # a page saved as .txt is sniffed
    return suffix, _encode(draw, text)


def _mutate_docx_tree(draw, xml: bytes) -> bytes:
    """Edits that keep document.xml well-formed: text, deleted/duplicated rows and paragraphs, odd merges."""
    root = etree.fromstring(xml)
    texts = list(root.iter(f"{W}t"))
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["text", "text", "drop-row", "dup-row", "drop-para", "drop-cell", "merge"]))
        if kind == "text" and texts:
            t = draw(st.sampled_from(texts))
            choice = draw(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=6)))
            t.text = "".join(ch for ch in choice if _xml_ok(ch)) or "0"
        elif kind in ("drop-row", "dup-row", "drop-para", "drop-cell", "merge"):
            tag = {"drop-row": "tr", "dup-row": "tr", "drop-para": "p", "drop-cell": "tc", "merge": "tc"}[kind]
            nodes = list(root.iter(f"{W}{tag}"))
            if not nodes:
                continue
            node = draw(st.sampled_from(nodes))
            parent = node.getparent()
            if kind == "dup-row":
                parent.insert(parent.index(node), etree.fromstring(etree.tostring(node)))
            elif kind == "merge":
                props = node.find(f"{W}tcPr")
                if props is None:
                    props = etree.SubElement(node, f"{W}tcPr")
                    node.insert(0, props)
                attr = draw(st.sampled_from(["vMerge", "gridSpan"]))
                el = etree.SubElement(props, f"{W}{attr}")
                el.set(f"{W}val", draw(st.sampled_from(["restart", "continue", "0", "-1", "999999", "x"])))
            else:
                parent.remove(node)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _xml_ok(ch: str) -> bool:
    cp = ord(ch)
    return cp in (9, 10, 13) or 0x20 <= cp <= 0xD7FF or 0xE000 <= cp <= 0xFFFD or cp >= 0x10000


def _rezip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


@st.composite
def mutated_docx(draw) -> tuple[str, bytes]:
    data = draw(st.sampled_from(DOCX_SEEDS))
    kind = draw(st.sampled_from(["tree", "tree", "tree", "xml-text", "drop-part", "bytes", "truncate"]))
    if kind in ("bytes", "truncate"):
        if kind == "truncate":
            return ".docx", data[: draw(st.integers(0, len(data)))]
        raw = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            raw[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0, 255))
        return ".docx", bytes(raw)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    if kind == "drop-part":
        del parts[draw(st.sampled_from(sorted(parts)))]
    elif kind == "xml-text":  # may break the XML: the importer must say the file is damaged
        text = parts["word/document.xml"].decode("utf-8")
        parts["word/document.xml"] = _mutate_text(draw, text).encode("utf-8", errors="surrogatepass")
    else:
        parts["word/document.xml"] = _mutate_docx_tree(draw, parts["word/document.xml"])
    return draw(st.sampled_from([".docx", ".docx", ".docx", ".txt"])), _rezip(parts)


def assert_clean_import(suffix: str, payload: bytes) -> None:
    """Import the payload; only the project's own clean results may come out."""
    with tempfile.TemporaryDirectory(prefix="nianbao-fuzz-import-") as tmp:
        src = Path(tmp) / f"published{suffix}"
        src.write_bytes(payload)
        result = import_file(src)
        assert result.exit_code in (0, 1, 2)
        issues = result.all_issues
        assert all(i.code in CODES for i in issues), sorted({i.code for i in issues} - set(CODES))
        assert all(i.message for i in issues)
        assert "import-internal" not in {i.code for i in issues}, [i.message for i in issues]
        assert result.summary()
        if result.unreadable:
            assert result.exit_code == 2 and issues
        else:
            assert result.yaml_text is not None
            load_text(result.yaml_text, "imported.yaml")  # raises if the emitted YAML does not load


SETTINGS = settings(max_examples=CASES, deadline=None, derandomize=CASES < 1000,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(mutated_txt())
def test_fuzz_import_of_mutated_seed_texts(case):
    assert_clean_import(*case)


@SETTINGS
@given(mutated_html())
def test_fuzz_import_of_mutated_html(case):
    assert_clean_import(*case)


@SETTINGS
@given(mutated_docx())
def test_fuzz_import_of_mutated_docx(case):
    assert_clean_import(*case)
