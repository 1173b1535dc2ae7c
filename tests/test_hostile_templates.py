"""Issue 16, item 4: user templates that fail say which file and line; serve survives odd folders; connections capped."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES
from test_serve_preview import get, wait_for_version

from nianbao.cli import main
from nianbao.serve import MAX_CONNECTIONS, PreviewServer, template_files

EXAMPLE = next(p for p in EXAMPLES if p.stem == "2022-maiji-zwfw")  # 2021 edition


def _templates(tmp_path: Path, text: str | bytes, name: str = "2021/report.html.j2") -> Path:
    folder = tmp_path / "tpl"
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        (folder / name).write_bytes(text)
    else:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _build(tmp_path: Path, folder: Path):
    result = CliRunner().invoke(main, ["build", str(EXAMPLE), "--to", "html,txt", "-o", str(tmp_path / "out"),
                                       "--templates", str(folder)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "内部错误" not in result.output
    assert result.exit_code == 1  # the text file is written, the HTML is not
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["2022-maiji-zwfw.txt"]
    (line,) = [x for x in result.output.splitlines() if "：html：" in x]
    return line.split("：html：", 1)[1]


CASES = {
    "unknown-variable": ("一\n\n{{ no_such_thing }}\n", "2021/report.html.j2", ":3：没有名为“no_such_thing”的变量"
                         "（可用的变量见内置模板 nianbao/…/report.html.j2）"),
    "unknown-attribute": ("一\n{{ agency.no_such_part }}\n", "2021/report.html.j2", ":2：没有“no_such_part”这一项"),
    "exception": ('{% extends "nianbao/2021/report.html.j2" %}\n{% block signature %}\n{{ 1 / 0 }}{% endblock %}\n',
                  "2021/report.html.j2", ":3：计算出错（ZeroDivisionError: division by zero）"),
    "missing-include": ('{% include "part.html.j2" %}\n', "2021/report.html.j2",
                        ":1：找不到模板“part.html.j2”（模板名从模板文件夹算起，如“2021/part.html.j2”；"
                        "内置模板写作“nianbao/2021/report.html.j2”）"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_an_error_inside_a_user_template_names_its_file_and_line(tmp_path, case):
    text, name, said = CASES[case]
    folder = _templates(tmp_path, text, name)
    assert _build(tmp_path, folder) == f"模板出错：{folder / name}{said}"


@pytest.mark.parametrize("tag", ["extends", "include"])
def test_a_shipped_name_without_the_prefix_gets_the_hint(tmp_path, tag):
    body = "{% block signature %}盖章{% endblock %}\n" if tag == "extends" else ""
    folder = _templates(tmp_path, f'{{% {tag} "2021/report.html.j2" %}}\n{body}')
    assert _build(tmp_path, folder) == (
        f"模板 {folder}/2021/report.html.j2 引用了“2021/report.html.j2”，而这个名字先找到的是模板文件夹中的同名文件，"
        "于是不断引用自己；要继承或包含内置模板，请写“nianbao/2021/report.html.j2”")


@pytest.mark.parametrize("where", ["report", "included"])
def test_a_template_saved_as_gbk_is_named(tmp_path, where):
    gbk = "{{ title }} 盖章".encode("gbk")
    if where == "report":
        folder = _templates(tmp_path, gbk)
        bad = folder / "2021/report.html.j2"
    else:
        folder = _templates(tmp_path, '{% include "2021/part.html.j2" %}')
        _templates(tmp_path, gbk, "2021/part.html.j2")
        bad = folder / "2021/part.html.j2"
    assert _build(tmp_path, folder) == f"模板文件 {bad} 不是 UTF-8 编码，无法读取；请用 UTF-8 另存（记事本“另存为”时编码选 UTF-8）"


# --- serve ---------------------------------------------------------------------------------------------------------

@pytest.fixture
def served_with_templates(tmp_path: Path):
    report = tmp_path / "report.yaml"
    shutil.copy(EXAMPLE, report)
    folder = tmp_path / "tpl"
    folder.mkdir()
    server = PreviewServer(report, port=0, templates=folder)
    server.start()
    yield server, report, folder
    server.stop()


def _page(server) -> str:
    return get(server, "/")[2].decode("utf-8")


def _wait_page(server, needle: str, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = _page(server)
        if needle in page:
            return page
        time.sleep(0.05)
    raise AssertionError(f"{needle!r} never appeared in the preview")


def test_serve_picks_up_a_template_created_after_start(served_with_templates):
    server, _report, folder = served_with_templates
    assert "天水市麦积区政务服务管理局2022年" in _page(server)
    (folder / "2021").mkdir()
    (folder / "2021/report.html.j2").write_text("<p>本单位版式 {{ agency.name }}</p>", encoding="utf-8")
    assert "本单位版式 天水市麦积区政务服务管理局" in _wait_page(server, "本单位版式")
    (folder / "2021/report.html.j2").unlink()  # removed again: back to the shipped page
    _wait_page(server, "天水市麦积区政务服务管理局2022年")


def test_serve_watcher_survives_a_link_to_root_and_unreadable_or_deleted_folders(served_with_templates):
    server, _report, folder = served_with_templates
    (folder / "root").symlink_to("/")
    (folder / "locked").mkdir()
    os.chmod(folder / "locked", 0)
    (folder / "gone").mkdir()
    time.sleep(0.5)
    shutil.rmtree(folder / "gone")
    started = time.monotonic()
    scan = template_files(folder)  # bounded however large the linked tree is
    assert time.monotonic() - started < 2 and len(scan) <= 5_000
    (folder / "2021").mkdir()
    (folder / "2021/report.html.j2").write_text("<p>仍在监视</p>", encoding="utf-8")
    assert str(folder / "2021/report.html.j2") in template_files(folder)  # breadth first: never crowded out by /
    _wait_page(server, "仍在监视")
    assert all(t.is_alive() for t in server._threads)
    os.chmod(folder / "locked", 0o755)


def test_serve_survives_the_report_folder_being_deleted_and_restored(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    report = folder / "report.yaml"
    shutil.copy(EXAMPLE, report)
    server = PreviewServer(report, port=0)
    server.start()
    try:
        version = wait_for_version(server, -1)
        shutil.rmtree(folder)
        version = wait_for_version(server, version)
        assert "无法预览" in _page(server)
        folder.mkdir()
        shutil.copy(EXAMPLE, report)
        _wait_page(server, "天水市麦积区政务服务管理局2022年")
    finally:
        server.stop()


def test_connection_threads_are_capped_and_the_rest_answered_busy(tmp_path):
    report = tmp_path / "report.yaml"
    shutil.copy(EXAMPLE, report)
    server = PreviewServer(report, port=0)
    server.start()
    addr, port = server.httpd.server_address[:2]
    idle: list[socket.socket] = []
    try:
        threads_before = threading.active_count()
        for _ in range(MAX_CONNECTIONS + 20):  # idle sockets: connected, never sending a request
            idle.append(socket.create_connection((addr, port), timeout=5))
        time.sleep(0.5)
        assert threading.active_count() - threads_before <= MAX_CONNECTIONS
        extra = socket.create_connection((addr, port), timeout=5)
        extra.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answer = extra.recv(4096).decode("utf-8", "replace")
        extra.close()
        assert answer.startswith("HTTP/1.1 503 Service Unavailable\r\n")
        assert answer.endswith("\r\n\r\n预览服务器正忙（同时打开的连接过多），请稍后刷新")
    finally:
        for s in idle:
            s.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the idle threads end as their sockets close: the page is served again
        try:
            if get(server, "/")[0] == 200:
                break
        except OSError:
            pass
        time.sleep(0.1)
    else:
        raise AssertionError("the preview did not recover once the idle connections closed")
    server.stop()


def test_the_template_scan_skips_folders_it_may_not_read(tmp_path, monkeypatch):
    """CI runs as root, where chmod 0 still reads: the refusal is simulated."""
    (tmp_path / "2021").mkdir()
    (tmp_path / "2021/report.html.j2").write_text("x", encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked/a.j2").write_text("x", encoding="utf-8")
    real = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert list(template_files(tmp_path)) == [str(tmp_path / "2021/report.html.j2")]


@pytest.mark.parametrize("source, line, said", [
    ("一\n{% if %}\n", 2, "标签里缺少表达式"),
    ("{% fro x in y %}{% endfor %}", 1, "不认识的标签“fro”（拼写错误，或结束标签多了一个）"),
    ("{% for x in y %}\n一\n", 2, "模板到结尾还缺少结束标签“endfor”"),
    ("{{ title }\n", 1, "多了一个“}”（括号不成对）"),
    ("{{ 'a }}\n", 1, "字符“'”没有配对（引号不成对）"),
    ("{{ title | }}\n", 1, "expected token 'name', got 'end of print statement'"),  # rarer: Jinja's words
])
def test_a_syntax_error_in_a_user_template_is_said_in_chinese_with_file_and_line(tmp_path, source, line, said):
    folder = _templates(tmp_path, source)
    assert _build(tmp_path, folder) == f"模板语法错误：{folder}/2021/report.html.j2:{line}：{said}"
