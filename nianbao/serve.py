"""serve: a live HTML preview of one report on 127.0.0.1, re-rendered whenever the YAML is saved.

The server answers an explicit whitelist of paths (the page and its version counter) and nothing
else: no file is ever served from disk. Issues are shown in the page; a YAML that cannot be read
gives an error page, and the server keeps running until the file is fixed.
"""

from __future__ import annotations

import html
import ipaddress
import json
import os
import socket
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from nianbao.build import render_context
from nianbao.check import check_file
from nianbao.render import RenderUnavailable
from nianbao.render.env import environment, forget, render
from nianbao.render.html import render_html
from nianbao.settings import DEFAULT_HOST, DEFAULT_PORT

PAGE_PATHS = ("/", "/index.html")
VERSION_PATH = "/__nianbao/version"
MAX_CONNECTIONS = 32  # connection threads at once; beyond, a connection is answered 503 at once and closed
TEMPLATE_POLL = 0.3  # seconds between looks at the templates folder
TEMPLATE_SCAN_DEPTH = 3  # folders below --templates that are looked into (2021/, _shared/, their sub-folders)
TEMPLATE_SCAN_FILES = 5_000  # entries looked at per scan: a link to / in the folder costs no more than this
LONG_POLL = 25.0  # seconds a `?since=N` request waits for a newer version before answering with the same one
CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
       "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


class Preview:
    """The current page of one report and a version number that changes with every re-render."""

    def __init__(self, path: str | os.PathLike, templates: str | os.PathLike | None = None,
                 previous: str | os.PathLike | None = None):
        self.path = Path(path)
        self.templates = Path(templates) if templates else None
        self.previous = previous
        self._lock = threading.Lock()  # guards (version, page) only: requests never wait for a render
        self._changed = threading.Condition(self._lock)  # long-polling pages wait here for a new version
        self._render_lock = threading.Lock()  # one render at a time
        self.version = 0
        self.page = b""
        self.closed = False

    def refresh(self) -> int:
        """Re-check and re-render; whatever goes wrong becomes an error page, never an exception."""
        with self._render_lock:
            version = self.version + 1
            try:
                page = self._render(version)
            except Exception as exc:  # a preview must survive anything the user can do to the files
                page = error_page(version, [f"预览生成失败：{exc}"])
            with self._lock:
                self.page, self.version = page, version
                self._changed.notify_all()
            return version

    def wait_newer(self, since: int, timeout: float = LONG_POLL) -> int:
        """The version once it differs from `since` (at once if it already does), or after `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != since or self.closed, timeout)
            return self.version

    def close(self) -> None:
        """Release every waiting long-poll (server shutting down)."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def _render(self, version: int) -> bytes:
        result = check_file(self.path, self.previous)
        if result.unreadable or result.report is None:
            return error_page(version, [i.to_text() for i in result.issues])
        context = render_context(result)
        context.update(preview=True, reload_url=VERSION_PATH, version=version)
        try:
            return render_html(context, self.templates)
        except RenderUnavailable as exc:
            return error_page(version, [str(exc)])

    def templates_changed(self) -> None:
        """A template was added, edited or removed: compile afresh (a new file must win over a cached shipped one)."""
        if self.templates is not None:
            try:
                forget(self.templates)
            except OSError:
                pass
        self.refresh()

    def snapshot(self) -> tuple[int, bytes]:
        with self._lock:
            return self.version, self.page


def error_page(version: int, messages: list[str]) -> bytes:
    """A page that says why the report cannot be shown, and reloads itself once it can."""
    try:
        template = environment(None).get_template("_shared/error.html.j2")
        return render(template, {"messages": messages, "version": version,
                                 "reload_url": VERSION_PATH}).encode("utf-8")
    except Exception:  # the shipped error template itself failed: plain, escaped fallback
        items = "".join(f"<li>{html.escape(m)}</li>" for m in messages)
        return (f'<!DOCTYPE html><html lang="zh-CN" data-version="{version}"><meta charset="utf-8">'
                f"<title>无法预览</title><main><h1>无法预览</h1><ul>{items}</ul></main></html>").encode()


class _Handler(BaseHTTPRequestHandler):
    server: PreviewHTTPServer
    server_version = "nianbao-preview"
    sys_version = ""
    timeout = 30  # seconds a client may stay silent mid-request before its connection is closed

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        path = self._target_path()
        if path is None:
            return self._send(421, b"Misdirected Request", "text/plain; charset=utf-8", send_body)
        preview = self.server.preview
        if path in PAGE_PATHS:
            _version, page = preview.snapshot()
            return self._send(200, page, "text/html; charset=utf-8", send_body)
        if path == VERSION_PATH:
            since = self._since()
            version = preview.snapshot()[0] if since is None else preview.wait_newer(since)
            body = json.dumps({"version": version}).encode()
            return self._send(200, body, "application/json", send_body)
        self._send(404, "未找到：预览只提供报告页面。".encode(), "text/plain; charset=utf-8", send_body)

    def _since(self) -> int | None:
        """`?since=N` on the version path: the version the page shows, to wait for a newer one (long-polling)."""
        values = parse_qs(urlsplit(self.path).query).get("since", [])
        try:
            return int(values[0]) if values and len(values[0]) < 20 else None
        except ValueError:
            return None

    def _target_path(self) -> str | None:
        """The path asked for, or None when the request names another host (Host header or absolute URI)."""
        target = self.path
        if target.startswith("/"):
            host, path = self.headers.get("Host", ""), target.split("?", 1)[0].split("#", 1)[0]
        else:  # absolute-form (RFC 9112 §3.2.2): its authority stands in for the Host header
            parts = urlsplit(target)
            if parts.scheme.lower() != "http":
                return None
            host, path = parts.netloc, parts.path or "/"
        return path if self.server.host_allowed(host) else None

    def _send(self, status: int, body: bytes, ctype: str, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Security-Policy", CSP)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (signature of the base class)
        pass  # the terminal shows the URL and problems, not a line per poll


class PreviewHTTPServer(ThreadingHTTPServer):
    """The HTTP side: whitelisted paths only; Host must name this server (no DNS rebinding)."""

    daemon_threads = True
    request_queue_size = 64  # connections the kernel holds until accepted (socketserver's default is 5)
    BUSY = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {n}\r\n"
            "Retry-After: 1\r\nConnection: close\r\n\r\n{body}")

    def __init__(self, preview: Preview, host: str, port: int, max_connections: int = MAX_CONNECTIONS):
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), _Handler)
        self.preview = preview
        self.host = host
        self._slots = threading.BoundedSemaphore(max_connections)  # one thread per connection, at most this many

    def process_request(self, request, client_address) -> None:
        """A thread for the connection while one is free; otherwise a short 503 from the accepting thread."""
        if not self._slots.acquire(blocking=False):
            self._refuse(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def _refuse(self, request) -> None:
        body = "预览服务器正忙（同时打开的连接过多），请稍后刷新".encode()
        try:
            request.settimeout(1.0)  # a fresh socket's send buffer takes these few bytes without waiting
            request.sendall(self.BUSY.format(n=len(body), body="").encode() + body)
        except OSError:
            pass
        finally:
            self.shutdown_request(request)

    def host_allowed(self, header: str) -> bool:
        """Our own names; served to the network, also any IP address, but never a foreign DNS name."""
        name = header.rsplit(":", 1)[0] if not header.endswith("]") else header
        name = name.strip("[]").lower()
        if name in {self.host, "localhost", "127.0.0.1", "::1"}:
            return True
        return not is_loopback(self.host) and _is_ip(name)

    def handle_error(self, request, client_address) -> None:
        """A client hanging up mid-answer is normal; anything else is one line on stderr, never a traceback."""
        exc = sys.exc_info()[1]
        if not isinstance(exc, (ConnectionError, TimeoutError)):
            print(f"预览服务器处理一个请求时出错（已忽略，服务继续）：{exc!r}", file=sys.stderr)

    @property
    def url(self) -> str:
        host, port = str(self.server_address[0]), self.server_address[1]
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def is_loopback(host: str) -> bool:
    """True for a host only this computer can reach (localhost, 127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _watch(preview: Preview, stop: threading.Event, folder: Path, wanted: set[Path]) -> None:
    """Re-render when the report (or the previous year's) is saved; a folder gone or unreadable is waited for."""
    from watchfiles import watch

    missing = False
    while not stop.is_set():
        if missing and folder.is_dir():  # back again: show what it holds now
            preview.refresh()
        missing = False
        try:
            for changes in watch(folder, recursive=False, stop_event=stop, debounce=150, step=50):
                paths = {Path(p).resolve() for _change, p in changes}
                if paths & wanted:
                    preview.refresh()
                if not folder.is_dir():  # the folder itself went: a watch on it would never fire again
                    break
        except Exception:  # noqa: BLE001 - the folder was deleted or made unreadable: look again shortly
            pass
        if not folder.is_dir():
            missing = True
            preview.refresh()  # the error page says the file is missing
            while not folder.is_dir():
                if stop.wait(1.0):
                    return
        elif stop.wait(1.0):
            return


def template_files(folder: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of the files under the templates folder, a few levels deep and a bounded number of entries.

    Unreadable folders are skipped and links are followed but cannot make a scan longer than
    TEMPLATE_SCAN_FILES entries (a link to / once killed the watcher). Breadth first: the edition
    folders right below are always looked at, however much a link drags in further down.
    """
    from collections import deque
    from itertools import islice

    found: dict[str, tuple[int, int]] = {}
    seen = 0
    pending = deque([(folder, 0)])
    while pending and seen < TEMPLATE_SCAN_FILES:
        current, depth = pending.popleft()
        try:
            with os.scandir(current) as listing:
                entries = list(islice(listing, TEMPLATE_SCAN_FILES - seen))
        except OSError:  # unreadable, deleted meanwhile, not a folder
            continue
        for entry in entries:
            seen += 1
            try:
                if entry.is_dir():
                    if depth < TEMPLATE_SCAN_DEPTH and not entry.name.startswith("."):
                        pending.append((Path(entry.path), depth + 1))
                elif entry.is_file():
                    st = entry.stat()
                    found[entry.path] = (st.st_mtime_ns, st.st_size)
            except OSError:
                continue
    return found


def _watch_templates(preview: Preview, stop: threading.Event, folder: Path) -> None:
    """Poll the templates folder: new, edited and removed templates re-render the page; nothing here can fail."""
    before = template_files(folder)
    while not stop.wait(TEMPLATE_POLL):
        now = template_files(folder)
        if now != before:
            before = now
            preview.templates_changed()


class PreviewServer:
    """Server + file watchers for one report; start() for tests and tools, serve_forever() for the CLI."""

    def __init__(self, path: str | os.PathLike, port: int = DEFAULT_PORT, host: str = DEFAULT_HOST,
                 templates: str | os.PathLike | None = None, previous: str | os.PathLike | None = None):
        self.preview = Preview(path, templates, previous)
        self.preview.refresh()
        self.httpd = PreviewHTTPServer(self.preview, host, port)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._background = False

    @property
    def url(self) -> str:
        return self.httpd.url

    def _start_watchers(self) -> None:
        report = self.preview.path.resolve()
        wanted = {report} | ({Path(self.preview.previous).resolve()} if self.preview.previous else set())
        jobs: list[tuple[Callable[..., None], tuple]] = [(_watch, (self.preview, self._stop, report.parent, wanted))]
        if self.preview.previous and Path(self.preview.previous).resolve().parent != report.parent:
            jobs.append((_watch, (self.preview, self._stop, Path(self.preview.previous).resolve().parent, wanted)))
        if self.preview.templates:
            jobs.append((_watch_templates, (self.preview, self._stop, self.preview.templates.resolve())))
        for target, args in jobs:
            t = threading.Thread(target=target, args=args, daemon=True, name=f"nianbao-watch-{len(self._threads)}")
            t.start()
            self._threads.append(t)

    def start(self) -> str:
        """Serve in background threads; returns the URL."""
        self._start_watchers()
        t = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True,
                             name="nianbao-http")
        t.start()
        self._threads.append(t)
        self._background = True
        return self.url

    def serve_forever(self) -> None:
        """Serve until interrupted (Ctrl+C), then stop the watchers."""
        self._start_watchers()
        try:
            self.httpd.serve_forever()
        finally:
            self.stop()

    def stop(self) -> None:
        self._stop.set()
        self.preview.close()
        if self._background:  # shutdown() waits for a serve_forever loop, so only when one runs
            self.httpd.shutdown()
            self._background = False
        self.httpd.server_close()
        for t in self._threads:
            t.join(timeout=5)
