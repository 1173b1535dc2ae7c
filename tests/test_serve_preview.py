"""`nianbao serve`: loopback only, whitelisted paths only, re-renders on save, survives broken YAML."""

from __future__ import annotations

import http.client
import json
import shutil
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from nianbao.cli import main
from nianbao.serve import VERSION_PATH, PreviewServer

EXAMPLE = next(p for p in EXAMPLES if p.stem == "2022-maiji-zwfw")


@pytest.fixture
def served(tmp_path: Path):
    report = tmp_path / "report.yaml"
    shutil.copy(EXAMPLE, report)
    server = PreviewServer(report, port=0)
    server.start()
    yield server, report
    server.stop()


def get(server: PreviewServer, path: str, method: str = "GET", host: str | None = None):
    addr, port = server.httpd.server_address[:2]
    conn = http.client.HTTPConnection(addr, port, timeout=5)
    conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    conn.putheader("Host", host or f"{addr}:{port}")
    conn.endheaders()
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, resp.headers, body


def wait_for_version(server: PreviewServer, above: int, timeout: float = 10.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        version = json.loads(get(server, VERSION_PATH)[2])["version"]
        if version > above:
            return version
        time.sleep(0.05)
    raise AssertionError("the page was not re-rendered after the file changed")


def test_binds_loopback_by_default(served) -> None:
    server, _report = served
    assert server.httpd.server_address[0] == "127.0.0.1"
    assert server.url.startswith("http://127.0.0.1:")


def test_serves_the_preview_page_with_a_strict_policy(served) -> None:
    server, _report = served
    status, headers, body = get(server, "/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in headers["Content-Security-Policy"] and headers["Cache-Control"] == "no-store"
    page = body.decode("utf-8")
    assert "天水市麦积区政务服务管理局2022年" in page and 'data-key="requests.received.natural"' in page
    assert VERSION_PATH in page  # the page polls for new versions by itself


@pytest.mark.parametrize("path", ["/report.yaml", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                                  "/nianbao/templates/_shared/report.css", "//etc/passwd", "/favicon.ico"])
def test_serves_nothing_but_the_preview(served, path: str) -> None:
    server, _report = served
    status, _headers, body = get(server, path)
    assert status == 404 and "root:" not in body.decode("utf-8", "replace")


def test_other_methods_and_foreign_host_names_are_refused(served) -> None:
    server, _report = served
    assert get(server, "/", method="POST")[0] == 501
    assert get(server, "/", host="attacker.example:80")[0] == 421
    assert get(server, "/", host="localhost")[0] == 200


def test_saving_the_yaml_re_renders_the_page(served) -> None:
    server, report = served
    before = json.loads(get(server, VERSION_PATH)[2])["version"]
    report.write_text(report.read_text(encoding="utf-8").replace("received: {natural: 0,", "received: {natural: 7,"),
                      encoding="utf-8")
    wait_for_version(server, before)
    page = get(server, "/")[2].decode("utf-8")
    assert 'data-key="requests.received.natural"' in page
    assert "草稿·未通过校验" in page and 'class="issues"' in page  # 7 received but 0 handled: shown in place


def test_yaml_syntax_error_gives_an_error_page_and_the_server_keeps_running(served) -> None:
    server, report = served
    good = report.read_text(encoding="utf-8")
    v1 = json.loads(get(server, VERSION_PATH)[2])["version"]
    report.write_text(good + "\nyear: [\n", encoding="utf-8")
    v2 = wait_for_version(server, v1)
    status, _headers, body = get(server, "/")
    assert status == 200 and "无法预览" in body.decode("utf-8") and "yaml-syntax" in body.decode("utf-8")
    report.write_text(good, encoding="utf-8")
    wait_for_version(server, v2)
    assert "无法预览" not in get(server, "/")[2].decode("utf-8")


def test_cli_refuses_a_missing_file_in_chinese(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2 and "文件不存在" in result.stderr


def test_a_long_poll_answers_as_soon_as_the_file_is_saved(served, monkeypatch) -> None:
    server, report = served
    current = json.loads(get(server, VERSION_PATH)[2])["version"]
    answers: list[int] = []

    def poll() -> None:
        answers.append(json.loads(get(server, f"{VERSION_PATH}?since={current}")[2])["version"])

    waiter = threading.Thread(target=poll)
    waiter.start()
    time.sleep(0.3)
    assert answers == []  # nothing changed yet: the request is held open, not answered with the same version
    report.write_text(report.read_text(encoding="utf-8").replace("。", "。补一句。", 1), encoding="utf-8")
    waiter.join(timeout=5)
    assert answers and answers[0] > current


def test_a_long_poll_for_an_older_version_answers_at_once(served) -> None:
    server, _report = served
    current = json.loads(get(server, VERSION_PATH)[2])["version"]
    assert json.loads(get(server, f"{VERSION_PATH}?since={current - 1}")[2]) == {"version": current}
    assert json.loads(get(server, f"{VERSION_PATH}?since=abc")[2]) == {"version": current}  # not a number: no wait


def test_stopping_the_server_releases_waiting_long_polls(tmp_path) -> None:
    report = tmp_path / "report.yaml"
    shutil.copy(EXAMPLE, report)
    server = PreviewServer(report, port=0)
    server.start()
    start = time.monotonic()
    t = threading.Thread(target=server.preview.wait_newer, args=(server.preview.version,))
    t.start()
    server.stop()
    t.join(timeout=5)
    assert not t.is_alive() and time.monotonic() - start < 5
