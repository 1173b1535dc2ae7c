"""The on-disk cache of parsed data files and compiled patterns gives what parsing and compiling give,
follows every change to a file, and survives a stale, damaged or unwritable cache; `check` loads no renderer."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, ROOT

from nianbao import datacache

SHIPPED = ROOT / "nianbao" / "schemas"


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("NIANBAO_CACHE", str(folder))
    monkeypatch.setattr(datacache, "_patterns", None)
    monkeypatch.setattr(datacache, "_new_patterns", {})
    return folder


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "data").glob("*.bin"))


def test_a_cached_file_gives_what_parsing_gives_and_is_read_without_parsing(cache, tmp_path, monkeypatch):
    for shipped in [*sorted(SHIPPED.glob("*.yaml")), ROOT / "nianbao" / "registry.yaml"]:
        parsed = yaml.safe_load(shipped.read_text(encoding="utf-8"))
        assert datacache.load_yaml(shipped) == parsed  # parsed, then stored
        assert datacache.load_yaml(shipped) == parsed  # from the cache
    assert len(_entries(cache)) == len(list(SHIPPED.glob("*.yaml"))) + 1

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed although the cache holds the file")

    monkeypatch.setattr(datacache.yaml, "load", no_parsing)
    assert datacache.load_yaml(SHIPPED / "2021.yaml")["edition"] == "2021"


def test_an_edited_file_is_parsed_again_even_with_the_same_size_and_time(cache, tmp_path):
    path = tmp_path / "e.yaml"
    path.write_text("label: 政务公开A\n", encoding="utf-8")
    assert datacache.load_yaml(path) == {"label": "政务公开A"}
    stat = path.stat()
    path.write_text("label: 政务公开B\n", encoding="utf-8")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same modification time
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    assert datacache.load_yaml(path) == {"label": "政务公开B"}
    assert datacache.load_yaml(path) == {"label": "政务公开B"}


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "garbage", "other-file"])
def test_a_damaged_entry_is_not_used_and_is_rewritten(cache, tmp_path, damage):
    path = tmp_path / "e.yaml"
    path.write_text("rows: [{key: a, label: 甲}, {key: b, label: 乙}]\n", encoding="utf-8")
    expected = {"rows": [{"key": "a", "label": "甲"}, {"key": "b", "label": "乙"}]}
    datacache.load_yaml(path)
    [entry] = _entries(cache)
    sealed = entry.read_bytes()
    if damage == "flip":  # one bit of the parsed data: 乙 would read as 乘 were the seal not checked
        at = sealed.rindex("乙".encode()) + 2
        entry.write_bytes(sealed[:at] + bytes([sealed[at] ^ 1]) + sealed[at + 1:])
    elif damage == "truncate":
        entry.write_bytes(sealed[: len(sealed) // 2])
    elif damage == "empty":
        entry.write_bytes(b"")
    elif damage == "garbage":
        entry.write_bytes(os.urandom(len(sealed)))
    else:  # a whole, well-sealed entry made from another file's bytes under this name
        other = tmp_path / "other" / "e.yaml"
        other.parent.mkdir()
        other.write_text("rows: []\n", encoding="utf-8")
        datacache.load_yaml(other)
        made = next(e for e in _entries(cache) if e != entry)
        entry.write_bytes(made.read_bytes())
    assert datacache.load_yaml(path) == expected
    assert datacache._cached(entry, os.path.realpath(path), path.read_bytes()) == (True, expected)  # rewritten whole


def test_an_unusable_cache_folder_changes_nothing(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("NIANBAO_CACHE", str(blocker))
    monkeypatch.setattr(datacache, "_patterns", None)
    monkeypatch.setattr(datacache, "_new_patterns", {})
    assert datacache.load_yaml(SHIPPED / "2021.yaml") == yaml.safe_load((SHIPPED / "2021.yaml").read_text("utf-8"))
    assert datacache.regex(r"(\d+)\s*件") == re.compile(r"(\d+)\s*件")
    datacache._save_patterns()  # cannot write: nothing happens
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_file_that_cannot_be_parsed_raises_as_yaml_does(cache, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("a: [1, 2\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError):
        datacache.load_yaml(path)
    with pytest.raises(OSError):
        datacache.load_yaml(tmp_path / "missing.yaml")


PATTERNS = [r"(?<!上年)(?:收到|受理)([^0-9〇一二三，。]{0,15}?)(\d+|[〇一二三]+)\s*件", r"(?P<year>\d{4})\s*年", r"[\x00-\x08\ud800-\udfff]"]


def test_a_cached_pattern_is_the_one_re_compiles_and_a_damaged_cache_is_ignored(cache, monkeypatch):
    for p in PATTERNS:
        assert datacache.regex(p) == re.compile(p)
    datacache._save_patterns()
    monkeypatch.setattr(datacache, "_patterns", None)
    monkeypatch.setattr(datacache, "_new_patterns", {})
    compiled = [datacache.regex(p) for p in PATTERNS]
    assert datacache._new_patterns == {}  # every one from the cache
    assert compiled == [re.compile(p) for p in PATTERNS]
    assert compiled[1].search("2024 年").group("year") == "2024"
    assert compiled[0].search("共收到申请12件").groups() == ("申请", "12")

    stored = cache / "patterns.bin"
    sealed = stored.read_bytes()
    at = sealed.rindex(b"year")  # the group name in the stored arguments, after the pattern text
    for damaged in (sealed[:-7], sealed[:at] + b"yeaR" + sealed[at + 4:], b""):
        stored.write_bytes(damaged)
        monkeypatch.setattr(datacache, "_patterns", None)
        monkeypatch.setattr(datacache, "_new_patterns", {})
        assert [datacache.regex(p) for p in PATTERNS] == [re.compile(p) for p in PATTERNS]
        assert set(datacache._new_patterns) == {(p, 0) for p in PATTERNS}  # compiled afresh, to be rewritten


def test_a_pattern_stored_under_another_patterns_key_is_not_used(cache, monkeypatch):
    monkeypatch.setattr(datacache, "_patterns", {(r"\d+", 0): datacache._sre_arguments(r"[a-z]+", 0)})
    assert datacache.regex(r"\d+") == re.compile(r"\d+")


def _nianbao(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nianbao", *args], env=env, capture_output=True, text=True, timeout=120)


def test_changing_an_edition_file_changes_what_every_later_command_reads(tmp_path):
    """The same file edited (same size, same time), then its cache entries damaged: each run reads what is there."""
    folder = tmp_path / "editions"
    folder.mkdir()
    text = (SHIPPED / "2021.yaml").read_text(encoding="utf-8")
    text = text.replace('edition: "2021"', 'edition: "2026"').replace("years: {from: 2021, to: null}",
                                                                       "years: {from: 2026, to: null}")
    edition = folder / "2026.yaml"
    env = {**os.environ, "NIANBAO_EDITIONS": str(folder), "NIANBAO_CACHE": str(tmp_path / "cache")}
    seen = []
    stamp = None
    for document in ("国办公开办函〔2026〕1号", "国办公开办函〔2026〕2号"):
        edition.write_text(text.replace("国办公开办函〔2021〕30号", document), encoding="utf-8")
        if stamp is not None:  # the edit keeps the size and the modification time
            os.utime(edition, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
        stamp = edition.stat()
        for _ in range(2):  # parsed, then from the cache
            listed = _nianbao(env, "editions")
            assert listed.returncode == 0, listed.stderr
            seen.append(next(line for line in listed.stdout.splitlines() if line.startswith("2026\t"))[:28])
    assert seen == ["2026\t2026 年度起\t国办公开办函〔2026〕1号"] * 2 + ["2026\t2026 年度起\t国办公开办函〔2026〕2号"] * 2
    entries = sorted((tmp_path / "cache" / "data").glob("2026-*.bin"))
    assert len(entries) == 1
    entries[0].write_bytes(entries[0].read_bytes()[:-100])
    listed = _nianbao(env, "editions")
    assert "2026\t2026 年度起\t国办公开办函〔2026〕2号" in listed.stdout


def test_check_loads_no_renderer_and_no_markdown_parser():
    """`nianbao check` on a report: jinja2, python-docx, docxtpl, markdown-it and wcwidth stay unloaded."""
    code = (
        "import sys; from nianbao.cli import main; sys.argv = ['nianbao', 'check', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "print(code, sorted(m for m in ('jinja2', 'docx', 'docxtpl', 'markdown_it', 'wcwidth', 'lxml')"
        " if m in sys.modules))"
    )
    for example in EXAMPLES:
        run = subprocess.run([sys.executable, "-c", code, str(example)], capture_output=True, text=True, timeout=120)
        assert run.stdout.splitlines()[-1] == "0 []", run.stdout + run.stderr


def test_a_narrative_image_still_loads_the_parser_and_is_reported(tmp_path):
    source = (ROOT / "examples" / "2022-maiji-zwfw.yaml").read_text("utf-8")
    path = tmp_path / "r.yaml"
    path.write_text(source.replace("problems: |", "problems: |\n  前文。\n  ![照片](a.jpg)", 1), "utf-8")
    run = subprocess.run([sys.executable, "-m", "nianbao", "check", str(path)], capture_output=True, text=True,
                         timeout=120)
    assert "[narrative-image]" in run.stdout + run.stderr


def test_narrative_html_still_loads_the_parser_and_is_reported(tmp_path):
    source = (ROOT / "examples" / "2022-maiji-zwfw.yaml").read_text("utf-8")
    path = tmp_path / "r.yaml"
    path.write_text(source.replace("problems: |", "problems: |\n  前文。<br>后文。", 1), "utf-8")
    run = subprocess.run([sys.executable, "-m", "nianbao", "check", str(path)], capture_output=True, text=True,
                         timeout=120)
    assert "[narrative-html]" in run.stdout + run.stderr


def _build(env: dict, out: Path) -> dict[str, bytes]:
    example = ROOT / "examples" / "2022-maiji-zwfw.yaml"
    run = subprocess.run([sys.executable, "-m", "nianbao", "build", str(example), "--to", "docx,html,txt", "-o", str(out)],
                         env=env, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stdout + run.stderr
    import zipfile

    with zipfile.ZipFile(out / "2022-maiji-zwfw.docx") as docx:
        parts = {n: docx.read(n) for n in docx.namelist() if n != "docProps/core.xml"}  # core.xml: the build time
    return {"html": (out / "2022-maiji-zwfw.html").read_bytes(), "txt": (out / "2022-maiji-zwfw.txt").read_bytes(),
            **parts}


def test_compiled_templates_from_the_cache_and_from_damaged_entries_render_the_same(tmp_path):
    env = {**os.environ, "NIANBAO_CACHE": str(tmp_path / "cache")}
    first = _build(env, tmp_path / "a")  # compiled, then stored
    entries = sorted((tmp_path / "cache" / "jinja").glob("*.bin"))
    assert len(entries) >= 3  # html, txt and the DOCX parts
    assert _build(env, tmp_path / "b") == first  # from the cache
    for i, entry in enumerate(entries):  # damaged in three ways: each is compiled afresh
        sealed = entry.read_bytes()
        entry.write_bytes([sealed[: len(sealed) // 2], sealed[:-1] + bytes([sealed[-1] ^ 1]), b"\0" * 64][i % 3])
    assert _build(env, tmp_path / "c") == first
    assert all(datacache.read_sealed(e) is not None for e in entries)  # and rewritten whole


PROBE = '''
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    path: str
    value: int = 0
    tags: tuple = ()


@dataclass
class Row:
    key: str
    cells: list = field(default_factory=list)
'''


def _probe_module(monkeypatch, name: str) -> dict:
    """PROBE's classes defined in a module called `name` (as an import would define them)."""
    import types

    module = types.ModuleType(name)
    monkeypatch.setitem(sys.modules, name, module)
    exec(compile(PROBE, f"<{name}>", "exec"), vars(module))
    return vars(module)


def _behaves_as_dataclasses_make_it(ns: dict) -> None:
    import dataclasses

    cell = ns["Cell"]("requests.total.natural", 3)
    assert repr(cell) == "Cell(path='requests.total.natural', value=3, tags=())"
    assert cell == ns["Cell"]("requests.total.natural", 3) and cell != ns["Cell"]("requests.total.natural", 4)
    assert hash(cell) == hash(("requests.total.natural", 3, ()))
    with pytest.raises(dataclasses.FrozenInstanceError):
        cell.value = 4  # type: ignore[misc]
    with pytest.raises(TypeError):
        ns["Cell"]()
    row = ns["Row"]("total")
    assert row.cells == [] and row.cells is not ns["Row"]("total").cells
    assert repr(row) == "Row(key='total', cells=[])" and row == ns["Row"]("total", [])


@pytest.fixture
def code_cache(cache, monkeypatch) -> Path:
    import dataclasses

    from nianbao import codecache

    monkeypatch.setitem(vars(dataclasses), "exec", codecache._dataclass_exec)  # as the CLI installs it
    monkeypatch.setattr(codecache, "_code", None)
    monkeypatch.setattr(codecache, "_new_code", {})
    return cache / "dataclass-code.bin"


def test_dataclass_methods_from_the_cache_are_the_ones_dataclasses_compiles(code_cache, monkeypatch):
    from nianbao import codecache

    _behaves_as_dataclasses_make_it(_probe_module(monkeypatch, "nianbao._probe"))
    assert len(codecache._new_code) >= 7  # Cell: __init__ __repr__ __eq__ __hash__ __setattr__ __delattr__; Row: …
    codecache._save_code()
    monkeypatch.setattr(codecache, "_code", None)
    monkeypatch.setattr(codecache, "_new_code", {})

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled although the cache holds the method")

    monkeypatch.setattr(codecache, "compile", no_compiling, raising=False)
    _behaves_as_dataclasses_make_it(_probe_module(monkeypatch, "nianbao._probe"))
    assert codecache._new_code == {}


def test_a_damaged_or_foreign_dataclass_cache_is_ignored_and_other_modules_never_use_it(code_cache, monkeypatch):
    import marshal
    import zlib

    from nianbao import codecache

    def sealed(payload: bytes) -> bytes:
        return codecache._MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload

    _probe_module(monkeypatch, "nianbao._probe")
    codecache._save_code()
    whole = code_cache.read_bytes()
    other_python = sealed(marshal.dumps(("3.0.0 cpython-30", dict(codecache._new_code))))  # whole, made elsewhere
    not_code = sealed(marshal.dumps((codecache._CODE_MADE_BY, dict.fromkeys(codecache._new_code, "print('x')"))))
    for damaged in (whole[:-9], whole[:40] + bytes([whole[40] ^ 1]) + whole[41:], b"", other_python, not_code):
        code_cache.write_bytes(damaged)
        monkeypatch.setattr(codecache, "_code", None)
        monkeypatch.setattr(codecache, "_new_code", {})
        _behaves_as_dataclasses_make_it(_probe_module(monkeypatch, "nianbao._probe"))
        assert len(codecache._new_code) >= 7  # compiled afresh, to be rewritten

    monkeypatch.setattr(codecache, "_new_code", {})
    _behaves_as_dataclasses_make_it(_probe_module(monkeypatch, "not_nianbao_probe"))
    assert codecache._new_code == {}  # another package's dataclasses are made as dataclasses makes them


def test_only_the_command_line_compiles_dataclasses_through_the_cache():
    import subprocess
    import sys

    probe = "import dataclasses, {}; print(vars(dataclasses).get('exec') is not None)"
    seen = [subprocess.run([sys.executable, "-c", probe.format(module)], capture_output=True, text=True,
                           timeout=60).stdout.strip() for module in ("nianbao, nianbao.check", "nianbao.cli")]
    assert seen == ["False", "True"]  # a program importing the library keeps the dataclasses module as it is
