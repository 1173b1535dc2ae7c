"""`nianbao serve` under hostile clients and half-written files: the real CLI server, raw sockets.

After every bad request the server must still answer the preview, it must never print a traceback,
and a YAML rewritten byte by byte or truncated mid-write gives an error page or the last good
render. All traffic goes to 127.0.0.1; every socket has a timeout and every loop a deadline.
"""

from __future__ import annotations

import random
import re
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

EXAMPLE = next(p for p in EXAMPLES if p.stem == "2022-maiji-zwfw")
AGENCY = "天水市麦积区政务服务管理局"
STARTUP = 30.0  # seconds; generous because the suite may run on two busy cores


class Served:
    """A `python -m nianbao serve` subprocess, its port and everything it printed on stderr."""

    def __init__(self, report: Path, *extra: str):
        self.report = report
        cmd = [sys.executable, "-m", "nianbao", "serve", str(report), "--port", "0", *extra]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, start_new_session=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.port = self._wait_for_port()

    def _read(self) -> None:
        for raw in self.proc.stderr:
            self.lines.append(raw.decode("utf-8", "replace"))

    def _wait_for_port(self) -> int | None:
        deadline = time.monotonic() + STARTUP
        while time.monotonic() < deadline:
            for line in self.lines:
                m = re.search(r"预览：http://[^/]*:(\d+)/", line)
                if m:
                    return int(m.group(1))
            if self.proc.poll() is not None:
                self._reader.join(timeout=5)
                return None
            time.sleep(0.05)
        raise AssertionError(f"serve did not start within {STARTUP} s: {self.stderr}")

    @property
    def stderr(self) -> str:
        return "".join(self.lines)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._reader.join(timeout=5)


def exchange(port: int, data: bytes, timeout: float = 10.0, linger_reset: bool = False) -> bytes:
    """Send raw bytes to 127.0.0.1:port, half-close, and read until the server closes (or the timeout)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        if linger_reset:  # close with RST right away: the server's write then fails
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.sendall(data)
            return b""
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)  # no more bytes are coming: a request without a line end ends here
        chunks = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except (TimeoutError, ConnectionResetError):
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def status_of(response: bytes) -> int | None:
    m = re.match(rb"HTTP/1\.[01] (\d{3}) ", response)
    return int(m.group(1)) if m else None


def get(port: int, target: str = "/", host: str = "127.0.0.1") -> tuple[int | None, str]:
    response = exchange(port, f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
    return status_of(response), response.partition(b"\r\n\r\n")[2].decode("utf-8", "replace")


def assert_alive(served: Served) -> str:
    """The server still answers the preview page; returns the page."""
    assert served.proc.poll() is None, served.stderr
    status, page = get(served.port)
    assert status == 200, page[:200]
    assert "<!DOCTYPE html>" in page or "<!doctype html>" in page.lower()
    return page


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    report = folder / "report.yaml"
    shutil.copy(EXAMPLE, report)
    server = Served(report)
    assert server.port is not None, server.stderr
    yield server
    server.stop()
    assert "Traceback" not in server.stderr, server.stderr


TRAVERSALS = [
    "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/..%2f..%2fetc%2fpasswd",
    "/%252e%252e/%252e%252e/etc/passwd", "/report.yaml", "/./report.yaml", "/.%2e/report.yaml",
    "/index.html/../report.yaml", "/..\\..\\etc\\passwd", "/%c0%ae%c0%ae/etc/passwd", "//etc/passwd",
    "/nianbao/serve.py", "/__nianbao/../report.yaml", "/?file=../../etc/passwd",
]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_path_traversal_serves_no_file(served, target):
    status, body = get(served.port, target)
    assert "root:" not in body and "agency:" not in body and "import " not in body
    if target.startswith("/?"):
        assert status == 200 and AGENCY in body  # a query string on the page is just the page
    else:
        assert status == 404
    assert_alive(served)


def test_absolute_uri_for_this_server_gets_the_page(served):
    status, body = get(served.port, f"http://127.0.0.1:{served.port}/")
    assert status == 200 and AGENCY in body


@pytest.mark.parametrize("target", ["http://attacker.example/", "http://attacker.example/../../etc/passwd",
                                    "file:///etc/passwd", "ftp://127.0.0.1/etc/passwd"])
def test_absolute_uri_naming_another_place_is_refused(served, target):
    status, body = get(served.port, target)
    assert status in (400, 404, 421) and "root:" not in body and AGENCY not in body
    assert_alive(served)


def test_absolute_uri_cannot_traverse(served):
    status, body = get(served.port, f"http://127.0.0.1:{served.port}/../../etc/passwd")
    assert status == 404 and "root:" not in body


_RNG = random.Random(9704)
GARBAGE = [
    b"\x00" * 64, b"\xff\xfe\xfd" * 50, bytes(_RNG.randrange(256) for _ in range(2048)), b"\r\n\r\n", b"GET\r\n\r\n",
    b"GET / HTTP/9.9\r\n\r\n", b"GET / HTTP/1.1 extra\r\n\r\n", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64,
    b"GET /\xe4\xb8\xad HTTP/1.1\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + b"X-A: b\r\n" * 200 + b"\r\n", b"GET / HTTP/1.1\r\nX-Long: " + b"a" * 70000 + b"\r\n\r\n",
    b"BREW /pot HTTP/1.1\r\n\r\n", b"GET / HTTP/1.1\r\nHost: \xff\xfe\r\n\r\n", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
]


@pytest.mark.parametrize("data", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_bytes_get_an_error_or_nothing_and_the_server_lives(served, data):
    response = exchange(served.port, data)
    status = status_of(response)
    assert status is None or 400 <= status < 600
    assert AGENCY.encode() not in response or status == 200  # no page smuggled out under an error status
    assert_alive(served)


@pytest.mark.parametrize("length", [b"-5", b"99999999999999999999", b"abc"])
def test_get_with_a_bogus_body_length_is_answered_without_waiting_for_the_body(served, length):
    response = exchange(served.port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + length + b"\r\n\r\n")
    assert status_of(response) == 200 and AGENCY.encode() in response
    assert_alive(served)


def test_over_long_request_line_is_refused(served):
    response = exchange(served.port, b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert status_of(response) == 414
    assert_alive(served)


@pytest.mark.parametrize("part", [b"G", b"GET / HT", b"GET / HTTP/1.1\r\nHost: 127", b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"])
def test_half_sent_request_then_close(served, part):
    with socket.create_connection(("127.0.0.1", served.port), timeout=5) as sock:
        sock.sendall(part)
    assert_alive(served)


def test_clients_that_hang_up_mid_response_leave_no_traceback(served):
    request = f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n\r\n".encode()
    for _ in range(20):
        exchange(served.port, request, linger_reset=True)
    assert_alive(served)
    time.sleep(0.5)  # let the handler threads finish writing to the dead sockets
    assert "Traceback" not in served.stderr and "Exception" not in served.stderr, served.stderr


def test_a_silent_connection_does_not_block_the_preview(served):
    with socket.create_connection(("127.0.0.1", served.port), timeout=5):
        assert_alive(served)
        with socket.create_connection(("127.0.0.1", served.port), timeout=5) as second:
            second.sendall(b"GET / HTTP/1.1\r\n")
            assert_alive(served)


def _version(port: int) -> int:
    status, body = get(port, "/__nianbao/version")
    assert status == 200
    return int(re.search(r'"version":\s*(\d+)', body).group(1))


def _wait_for(served: Served, predicate, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    page = ""
    while time.monotonic() < deadline:
        page = assert_alive(served)
        if predicate(page):
            return page
        time.sleep(0.1)
    raise AssertionError(f"the preview did not reach the expected state; last page: {page[:300]}")


def _is_error_or_report(page: str) -> bool:
    return "无法预览" in page or AGENCY in page or "政府信息公开" in page


def test_yaml_rewritten_byte_by_byte_never_breaks_the_server(served):
    text = EXAMPLE.read_text(encoding="utf-8").replace(AGENCY, "天水市麦积区逐字写入局")
    data = text.encode("utf-8")
    pages: list[str] = []
    stop = threading.Event()

    def poll() -> None:
        while not stop.is_set():
            pages.append(assert_alive(served))
            time.sleep(0.02)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    try:
        with open(served.report, "wb", buffering=0) as fh:  # noqa: PTH123 (byte-level control on purpose)
            for i, byte in enumerate(data):
                fh.write(bytes([byte]))
                if i % 64 == 0:
                    time.sleep(0.01)  # a slow writer: the watcher sees many half-written states
    finally:
        stop.set()
        poller.join(timeout=30)
    assert pages and all(_is_error_or_report(p) for p in pages)
    _wait_for(served, lambda p: "天水市麦积区逐字写入局" in p and "无法预览" not in p)


def test_yaml_truncated_mid_write_shows_an_error_or_the_last_good_page(served):
    shutil.copy(EXAMPLE, served.report)
    _wait_for(served, lambda p: AGENCY in p and "无法预览" not in p)
    before = _version(served.port)
    data = EXAMPLE.read_bytes()
    for cut in (len(data) // 2, len(data) // 3 + 1, 7, 1):  # mid-line, inside a multi-byte character, …
        served.report.write_bytes(data[:cut])
        _wait_for(served, lambda p: True)
        deadline = time.monotonic() + 20
        while _version(served.port) <= before and time.monotonic() < deadline:
            time.sleep(0.05)
        before = _version(served.port)
        assert _is_error_or_report(assert_alive(served))
    served.report.write_bytes(b"")
    _wait_for(served, lambda p: "无法预览" in p and "文件是空的" in p)
    served.report.write_bytes(data)
    _wait_for(served, lambda p: AGENCY in p and "无法预览" not in p)


def test_yaml_deleted_then_replaced_by_rename_recovers(served):
    served.report.unlink()
    _wait_for(served, lambda p: "无法预览" in p and "文件不存在" in p)
    tmp = served.report.with_name(".report.yaml.swp")
    tmp.write_bytes(EXAMPLE.read_bytes().replace(AGENCY.encode(), "天水市麦积区改名保存局".encode()))
    tmp.replace(served.report)
    _wait_for(served, lambda p: "天水市麦积区改名保存局" in p and "无法预览" not in p)
    shutil.copy(EXAMPLE, served.report)
    _wait_for(served, lambda p: AGENCY in p and "无法预览" not in p)


# --host: loopback by default, a warning when the preview is opened to the network.

@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.yaml"
    shutil.copy(EXAMPLE, path)
    return path


def test_serve_binds_loopback_and_does_not_warn_by_default(report):
    server = Served(report)
    try:
        assert "预览：http://127.0.0.1:" in server.stderr and "警告" not in server.stderr
        assert_alive(server)
    finally:
        server.stop()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_explicit_loopback_host_does_not_warn(report, host):
    server = Served(report, "--host", host)
    try:
        assert "警告" not in server.stderr
        assert_alive(server)
    finally:
        server.stop()


def test_non_loopback_host_warns_in_chinese_and_still_serves(report):
    server = Served(report, "--host", "0.0.0.0")
    try:
        warning = next(line for line in server.stderr.splitlines() if "警告" in line)
        assert "0.0.0.0" in warning and "其他计算机" in warning
        assert_alive(server)  # reached through 127.0.0.1, with a numeric Host header
        status, _body = get(server.port, "/", host="rebinding.attacker.example")
        assert status == 421  # a DNS name that is not ours is still refused (DNS rebinding)
    finally:
        server.stop()
    assert "Traceback" not in server.stderr


def test_host_that_cannot_be_bound_exits_2_in_chinese(report):
    server = Served(report, "--host", "192.0.2.1")  # TEST-NET-1: never an address of this machine
    try:
        assert server.port is None and server.proc.wait(timeout=10) == 2
        assert "无法在 192.0.2.1" in server.stderr and "Traceback" not in server.stderr
    finally:
        server.stop()


def test_the_last_page_is_served_while_a_slow_render_runs(tmp_path):
    """A 20 MB YAML takes seconds to render; requests meanwhile get the previous page at once."""
    from nianbao.serve import Preview

    path = tmp_path / "report.yaml"
    shutil.copy(EXAMPLE, path)
    preview = Preview(path)
    preview.refresh()
    first = preview.snapshot()
    started, release = threading.Event(), threading.Event()
    render = preview._render

    def slow_render(version: int) -> bytes:
        started.set()
        release.wait(timeout=30)
        return render(version)

    preview._render = slow_render
    worker = threading.Thread(target=preview.refresh, daemon=True)
    worker.start()
    try:
        assert started.wait(timeout=10)
        got: list = []
        reader = threading.Thread(target=lambda: got.append(preview.snapshot()), daemon=True)
        reader.start()
        reader.join(timeout=5)  # generous: a snapshot only takes a lock that no render holds
        assert got == [first]
    finally:
        release.set()
        worker.join(timeout=30)
    assert preview.snapshot()[0] == first[0] + 1
