"""Issue 16, round three: invisible characters, over-long names and paths, OS errors while writing (in-process)."""

from __future__ import annotations

import errno
import os
import zipfile

import pytest
from click.testing import CliRunner
from hostile_cases import base_yaml

from nianbao import output
from nianbao.cli import main
from nianbao.load.chars import INVISIBLE, INVISIBLE_NAMES, printable

NAME = "天水市麦积区政务服务管理局"


def _run(tmp_path, args, text=None, name="r.yaml"):
    if text is not None:
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "内部错误" not in result.output
    return result


def _outputs_text(folder):
    """Every text nianbao wrote into a folder: HTML, text and the DOCX's XML parts."""
    texts = {}
    for path in folder.iterdir():
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as z:
                texts[path.name] = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
        elif path.suffix in (".html", ".txt"):
            texts[path.name] = path.read_text("utf-8")
    return texts


# --- 1. bidi controls and zero-width characters --------------------------------------------------------------

def test_every_invisible_character_has_a_name_and_is_removed():
    assert len(INVISIBLE_NAMES) == 17
    for ch in INVISIBLE_NAMES:
        assert INVISIBLE.fullmatch(ch) and printable(f"甲{ch}乙") == "甲乙"


def test_bidi_and_zero_width_characters_are_warned_at_line_col_and_removed_from_every_output(tmp_path):
    text = (base_yaml()
            .replace(f"  name: {NAME}", "  name: 天水市\u202e麦积区\u200b政务服务管理局", 1)
            .replace(f"title: {NAME}", "title: \ufeff天水市\u2066麦积区政务服务管理局", 1))
    result = _run(tmp_path, ["check", str(tmp_path / "r.yaml")], text)
    assert result.exit_code == 0
    said = [line for line in result.output.splitlines() if "[invisible-char]" in line]
    tail = "屏幕上显示的文字可能与实际保存的不同；生成时已删除，请删去"
    assert said == [
        f"{tmp_path}/r.yaml:6:12: 警告 [invisible-char] 含有不可见的格式字符 U+202E 从右至左覆盖，{tail}",
        f"{tmp_path}/r.yaml:6:16: 警告 [invisible-char] 含有不可见的格式字符 U+200B 零宽空格，{tail}",
        f"{tmp_path}/r.yaml:9:8: 警告 [invisible-char] 含有不可见的格式字符 U+FEFF 零宽不换行空格（BOM），{tail}",
        f"{tmp_path}/r.yaml:9:12: 警告 [invisible-char] 含有不可见的格式字符 U+2066 从左至右隔离，{tail}",
    ]
    result = _run(tmp_path, ["build", str(tmp_path / "r.yaml"), "--to", "html,txt,docx", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    texts = _outputs_text(tmp_path / "out")
    assert set(texts) == {"r.html", "r.txt", "r.docx"}
    for name, content in texts.items():
        assert not INVISIBLE.search(content), name
        assert NAME in content, name


def test_many_invisible_characters_are_listed_up_to_a_cap_then_counted(tmp_path):
    text = base_yaml().replace(f"  name: {NAME}", f"  name: {NAME}" + "\u200b" * 30, 1)
    result = _run(tmp_path, ["check", str(tmp_path / "r.yaml")], text)
    said = [line for line in result.output.splitlines() if "[invisible-char]" in line]
    assert len(said) == 21
    assert (f"{tmp_path}/r.yaml: 警告 [invisible-char] 共有 30 个不可见的格式字符（以上只列出前 20 个），"
            "生成时均已删除") in said


def test_a_byte_order_mark_at_the_start_of_the_file_is_not_reported(tmp_path):
    (tmp_path / "r.yaml").write_bytes(b"\xef\xbb\xbf" + base_yaml().encode("utf-8"))
    result = _run(tmp_path, ["check", str(tmp_path / "r.yaml")])
    assert result.exit_code == 0 and "[invisible-char]" not in result.output


def test_import_drops_bidi_controls_from_the_yaml_it_writes(tmp_path):
    _run(tmp_path, ["build", str(tmp_path / "r.yaml"), "--to", "txt", "-o", str(tmp_path / "pub")], base_yaml())
    published = tmp_path / "pub" / "r.txt"
    published.write_text(published.read_text("utf-8").replace("麦积区", "麦\u202e积\u2067区\u200f"), "utf-8")
    result = _run(tmp_path, ["import", str(published), "-o", str(tmp_path / "back.yaml")])
    assert result.exit_code == 0, result.output
    back = (tmp_path / "back.yaml").read_text("utf-8")
    assert not INVISIBLE.search(back) and NAME in back


# --- 2. over-long names and paths -----------------------------------------------------------------------------

LONG_NAME = "某" * 20_000


def test_a_20000_character_agency_name_is_refused_with_the_schema_limit(tmp_path):
    text = base_yaml().replace(f"  name: {NAME}", f"  name: {LONG_NAME}", 1)
    message = f"{tmp_path}/r.yaml:6:9: 错误 [too-long] 机关全称：长 20000 个字，超过上限 100 个字；请检查是否误粘贴了其他内容"
    result = _run(tmp_path, ["check", str(tmp_path / "r.yaml")], text)
    assert result.exit_code == 1 and message in result.output.splitlines()
    result = _run(tmp_path, ["build", str(tmp_path / "r.yaml"), "--to", "html", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and message in result.output.splitlines()
    assert f"{tmp_path}/r.yaml：校验未通过，未生成（确需生成草稿请加 --force）" in result.output
    result = _run(tmp_path, ["build", str(tmp_path / "r.yaml"), "--force", "--to", "html,txt,docx",
                             "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and sorted(p.name for p in (tmp_path / "out").iterdir()) == ["r.docx", "r.html", "r.txt"]
    result = _run(tmp_path, ["summary", str(tmp_path / "r.yaml"), "-o", str(tmp_path / "s.csv")])
    assert result.exit_code == 1 and (tmp_path / "s.csv").exists()


@pytest.mark.parametrize("field, limit, line", [("title", 200, "title: 长标题"), ("signatory", 100, None)])
def test_a_long_title_or_signatory_is_refused(tmp_path, field, limit, line):
    value = "长" * (limit + 1)
    text = base_yaml()
    text = (text.replace(f"title: {NAME}2022年政府信息公开工作年度报告", f"title: {value}", 1) if field == "title"
            else text + f"signatory: {value}\n")
    result = _run(tmp_path, ["check", str(tmp_path / "r.yaml")], text)
    label = {"title": "标题", "signatory": "署名"}[field]
    assert result.exit_code == 1
    assert f"错误 [too-long] {label}：长 {limit + 1} 个字，超过上限 {limit} 个字；请检查是否误粘贴了其他内容" in result.output


def test_init_warns_about_an_agency_name_over_the_limit(tmp_path):
    result = _run(tmp_path, ["init", "--agency", LONG_NAME, "-o", str(tmp_path / "new.yaml")])
    assert result.exit_code == 0
    assert "警告：机关全称长 20000 个字，超过上限 100 个字，校验时会报错；请检查是否误粘贴了其他内容" in result.output


LONG = "长" * 90  # 270 bytes: over the 255-byte limit of one file name
TOO_LONG = "文件名或路径过长（文件名最多 255 字节，约 85 个汉字），未完成"


@pytest.mark.parametrize("command", ["init", "summary", "import", "build", "schema"])
def test_an_output_name_over_255_bytes_is_said_in_chinese(tmp_path, command):
    _run(tmp_path, ["build", str(tmp_path / "r.yaml"), "--to", "txt", "-o", str(tmp_path / "pub")], base_yaml())
    out = tmp_path / LONG
    args = {"init": ["init", "-o", f"{out}.yaml"],
            "summary": ["summary", str(tmp_path / "r.yaml"), "-o", f"{out}.csv"],
            "import": ["import", str(tmp_path / "pub" / "r.txt"), "-o", f"{out}.yaml"],
            "build": ["build", str(tmp_path / "r.yaml"), "--to", "txt", "-o", str(out)],
            "schema": ["schema", "-o", f"{out}.json"]}[command]
    result = _run(tmp_path, args)
    assert result.exit_code == 2
    said = {"init": f"{out}.yaml：{TOO_LONG}", "summary": f"{out}.csv：{TOO_LONG}",
            "import": f"{out}.yaml：{TOO_LONG}",  # no "无法写入 …" twice, no English
            "build": f"  {out}/r.txt：文件名或路径过长（文件名最多 255 字节，约 85 个汉字）",
            "schema": f"{out}.json：{TOO_LONG}"}[command]
    assert said in result.output.splitlines(), result.output
    assert "File name too long" not in result.output


def test_a_target_name_just_under_255_bytes_is_written(tmp_path):
    stem = "长" * 83 + "ab"  # 251 bytes: the .yml input and the .txt output fit, the temporary file must too
    (tmp_path / f"{stem}.yml").write_text(base_yaml(), "utf-8")
    result = _run(tmp_path, ["build", str(tmp_path / f"{stem}.yml"), "--to", "txt,html", "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.output.splitlines()[-5:-1] == [
        f"{tmp_path}/{stem}.yml：有 1 个文件未能写入：",
        f"  {tmp_path}/o/{stem}.html：文件名或路径过长（文件名最多 255 字节，约 85 个汉字）",
        f"  已写入：{tmp_path}/o/{stem}.txt",
        "  未写入的文件没有改动：原来有的仍是旧版，原来没有的仍然没有",
    ]
    assert os.listdir(tmp_path / "o") == [f"{stem}.txt"]  # no temporary file left behind


# --- 3. OS errors while writing: what was and was not written --------------------------------------------------

def _fail_on(monkeypatch, suffix, err):
    """The disk refuses every file whose name ends in `suffix` (CI runs as root: chmod would not stop it)."""
    real = os.fsync
    written = {}

    def fsync(fd):
        name = os.readlink(f"/proc/self/fd/{fd}")
        if f"{suffix}." in os.path.basename(name):
            raise OSError(err, os.strerror(err))
        written[name] = True
        return real(fd)

    monkeypatch.setattr(output.os, "fsync", fsync)


@pytest.mark.parametrize("err, why", [(errno.ENOSPC, "磁盘已满"), (errno.EACCES, "没有权限"), (errno.EROFS, "所在磁盘只读")])
def test_a_build_that_fails_midway_lists_what_was_and_was_not_written(tmp_path, monkeypatch, err, why):
    (tmp_path / "r.yaml").write_text(base_yaml(), "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "r.html").write_text("旧版", "utf-8")  # last year's page: must stay as it was
    _fail_on(monkeypatch, ".html", err)
    result = _run(tmp_path, ["build", str(tmp_path / "r.yaml"), "--to", "docx,html,txt", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-4:] == [
        f"{tmp_path}/r.yaml：有 1 个文件未能写入：",
        f"  {out}/r.html：{why}",
        f"  已写入：{out}/r.docx、{out}/r.txt",
        "  未写入的文件没有改动：原来有的仍是旧版，原来没有的仍然没有",
    ]
    assert result.stdout.splitlines() == [f"{out}/r.docx", f"{out}/r.txt"]
    assert (out / "r.html").read_text("utf-8") == "旧版"
    assert sorted(os.listdir(out)) == ["r.docx", "r.html", "r.txt"]  # no half-written or temporary file


def test_a_full_disk_for_every_file_says_none_was_written(tmp_path, monkeypatch):
    (tmp_path / "r.yaml").write_text(base_yaml(), "utf-8")
    _fail_on(monkeypatch, "", errno.ENOSPC)
    result = _run(tmp_path, ["build", str(tmp_path / "r.yaml"), "--to", "html,txt", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-5:] == [
        f"{tmp_path}/r.yaml：有 2 个文件未能写入：",
        f"  {tmp_path}/out/r.html：磁盘已满",
        f"  {tmp_path}/out/r.txt：磁盘已满",
        "  其余文件也都没有写入",
        "  未写入的文件没有改动：原来有的仍是旧版，原来没有的仍然没有",
    ]
    assert result.stdout == "" and os.listdir(tmp_path / "out") == []


def test_several_files_say_per_file_what_was_written_in_the_summary(tmp_path, monkeypatch):
    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text(base_yaml(), "utf-8")
    _fail_on(monkeypatch, "b.txt", errno.ENOSPC)
    result = _run(tmp_path, ["build", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "--to", "html,txt",
                             "-o", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 2
    out = tmp_path / "out"
    assert (f"  {tmp_path}/b.yaml：通过，已生成 {out}/b.html；未能写入 {out}/b.txt") in result.stderr.splitlines()
    assert f"  {tmp_path}/a.yaml：通过，已生成 {out}/a.html、{out}/a.txt" in result.stderr.splitlines()


@pytest.mark.parametrize("where, why", [("afile", "{tmp}/afile 已是一个文件，不能作为输出文件夹"),
                                        ("afile/sub", "{tmp}/afile/sub 的路径中有一段是文件，不是文件夹")])
def test_an_output_folder_that_is_a_file_is_named(tmp_path, where, why):
    (tmp_path / "afile").write_text("x", "utf-8")
    result = _run(tmp_path, ["build", str(tmp_path / "r.yaml"), "--to", "html", "-o", str(tmp_path / where)],
                  base_yaml())
    assert result.exit_code == 2
    assert f"  {tmp_path}/{where}/r.html：{why.format(tmp=tmp_path)}" in result.stderr.splitlines()


def test_the_summary_table_holds_the_agency_name_without_invisible_characters(tmp_path):
    text = base_yaml().replace(f"  name: {NAME}", "  name: 天水市\u202e麦积区\u200b政务服务管理局", 1)
    result = _run(tmp_path, ["summary", str(tmp_path / "r.yaml"), "-o", str(tmp_path / "s.csv")], text)
    assert result.exit_code == 0, result.output
    table = (tmp_path / "s.csv").read_text("utf-8-sig")
    assert NAME in table and not INVISIBLE.search(table)
