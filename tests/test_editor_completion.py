"""What a clerk sees in VS Code: the YAML extension's own language server (yaml-language-server, pinned in
tests/package.json) opens a report written by `nianbao init -o`, follows its first-line `$schema` comment to the
file beside it (offline), completes keys, shows the official labels on hover and marks structural mistakes."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from pathlib import Path
from queue import Empty, Queue

import pytest
from click.testing import CliRunner
from conftest import ROOT

from nianbao.cli import main

SERVER = ROOT / "tests" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("node") is None or not SERVER.is_file(),
                       reason="node 或 yaml-language-server 未安装（.ci/run 经 npm ci 安装到 tests/node_modules）"),
]
SETTINGS = {"yaml": {"validate": True, "hover": True, "completion": True, "schemaStore": {"enable": False},
                     "format": {"enable": False}}}


class LanguageServer:
    """A minimal LSP client over stdio: requests with replies, notifications collected, server requests answered."""

    def __init__(self, root: Path):
        self.proc = subprocess.Popen(["node", str(SERVER), "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.replies: dict[int, Queue] = {}
        self.notes: Queue = Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {
            "textDocument": {"hover": {"contentFormat": ["plaintext"]}, "completion": {"completionItem": {}}},
            "workspace": {"configuration": True}}})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})

    def _send(self, message: dict) -> None:
        body = json.dumps(message).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while (line := out.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            message = json.loads(out.read(length))
            if "id" in message and "method" in message:  # the server asks: settings, capabilities, progress
                items = message.get("params", {}).get("items", [])
                result = [SETTINGS.get(i.get("section", ""), SETTINGS["yaml"]) for i in items] \
                    if message["method"] == "workspace/configuration" else None
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})
            elif "id" in message:
                self.replies.setdefault(message["id"], Queue()).put(message)
            else:
                self.notes.put(message)

    def notify(self, method: str, params: dict) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: dict) -> object:
        self.next_id += 1
        queue = self.replies.setdefault(self.next_id, Queue())
        self._send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        reply = queue.get(timeout=60)
        assert "error" not in reply, reply
        return reply["result"]

    def diagnostics(self, uri: str, version: int) -> list[dict]:
        """The diagnostics published for this version of the document (the server may publish several times)."""
        latest = None
        while True:
            try:
                note = self.notes.get(timeout=latest is None and 60 or 3)
            except Empty:
                if latest is None:
                    raise
                return latest
            params = note.get("params", {})
            if note.get("method") == "textDocument/publishDiagnostics" and params.get("uri") == uri \
                    and params.get("version", version) == version:
                latest = params["diagnostics"]

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


@pytest.fixture
def report(tmp_path: Path):
    out = tmp_path / "2025.yaml"
    assert CliRunner().invoke(main, ["init", "--year", "2025", "--agency", "某县某局", "-o", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8").replace("【请填写：如 2026-01-20】", "2026-01-20")
    server = LanguageServer(tmp_path)
    yield server, out.as_uri(), text
    server.close()


def _open(server: LanguageServer, uri: str, text: str, version: int = 1) -> list[dict]:
    if version == 1:
        server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1,
                                                                 "text": text}})
    else:
        server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                 "contentChanges": [{"text": text}]})
    return server.diagnostics(uri, version)


def _position(text: str, line_start: str, column_of: str) -> dict:
    for n, line in enumerate(text.split("\n")):
        if line.startswith(line_start):
            return {"line": n, "character": line.index(column_of) + 1}
    raise AssertionError(line_start)


def test_the_editor_follows_the_schema_comment_and_shows_the_official_label_on_hover(report):
    server, uri, text = report
    assert _open(server, uri, text) == []  # the filled-in scaffold: nothing marked
    hover = server.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                  "position": _position(text, "  carried_out:", "natural")})
    shown = json.dumps(hover, ensure_ascii=False)
    assert "自然人" in shown and "三、收到和处理政府信息公开申请情况 · 四、结转下年度继续办理 · 自然人" in shown, shown


def test_the_editor_completes_the_rows_of_a_table(report):
    """A row left out of 表四 is offered, with its label; the rows already written are not."""
    server, uri, text = report
    lines = text.split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith("  litigation:"))
    typed = "\n".join(lines[:at] + ["  "] + lines[at + 1:])
    _open(server, uri, typed)
    items = server.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                       "position": {"line": at, "character": 2}})
    offered = {i["label"]: i for i in (items["items"] if isinstance(items, dict) else items)}
    assert "litigation" in offered and "review" not in offered, sorted(offered)
    assert "未经复议直接起诉" in json.dumps(offered["litigation"], ensure_ascii=False), offered["litigation"]


def test_the_editor_marks_the_structural_mistakes_check_rejects(report):
    server, uri, text = report
    _open(server, uri, text)
    broken = text.replace("  received: {", "  recieved: {", 1).replace("carried_out: {natural: 0", "carried_out: "
                                                                        "{natural: -3", 1)
    marked = _open(server, uri, broken, version=2)
    lines = broken.split("\n")
    where = {lines[d["range"]["start"]["line"]].split(":")[0].strip() for d in marked}
    assert {"recieved", "carried_out"} <= where, marked
