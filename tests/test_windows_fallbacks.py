"""The POSIX-only calls of the normal code path and their fallbacks, exercised here by pretending to be Windows
(nothing in this suite runs on Windows itself; see the README)."""

from __future__ import annotations

import io
from types import SimpleNamespace

from conftest import EXAMPLES

from nianbao.batch import check_many
from nianbao.cli import utf8_when_redirected
from nianbao.render import pdf


class _Stream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self.tty, self.encoding_set = tty, None

    def isatty(self) -> bool:
        return self.tty

    def reconfigure(self, encoding: str) -> None:
        self.encoding_set = encoding


def test_a_redirected_stream_on_windows_writes_utf8_and_a_console_is_left_alone():
    redirected, console = _Stream(tty=False), _Stream(tty=True)
    utf8_when_redirected([redirected, console], platform="win32")
    assert (redirected.encoding_set, console.encoding_set) == ("utf-8", None)
    elsewhere = _Stream(tty=False)
    utf8_when_redirected([elsewhere], platform="linux")
    assert elsewhere.encoding_set is None


def test_libreoffice_is_found_where_its_windows_installer_puts_it(tmp_path, monkeypatch):
    exe = tmp_path / "LibreOffice" / "program" / "soffice.exe"
    exe.parent.mkdir(parents=True)
    exe.write_bytes(b"")
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf, "os", SimpleNamespace(name="nt", environ={"ProgramFiles": str(tmp_path)}))
    assert pdf.soffice_path() == str(exe)
    monkeypatch.setattr(pdf, "os", SimpleNamespace(name="nt", environ={}))
    assert pdf.soffice_path() is None


def test_a_hung_soffice_is_ended_with_its_children_where_there_is_no_killpg(monkeypatch):
    ran: list[list[str]] = []
    killed: list[int] = []
    monkeypatch.setattr(pdf, "os", SimpleNamespace(name="nt"))  # no killpg, as on Windows
    monkeypatch.setattr(pdf.subprocess, "run", lambda cmd, **kw: ran.append(cmd))
    pdf._kill_tree(SimpleNamespace(pid=4242, kill=lambda: killed.append(4242)))  # type: ignore[arg-type]
    assert ran == [["taskkill", "/F", "/T", "/PID", "4242"]] and killed == [4242]


def test_a_batch_runs_in_spawned_workers_where_fork_does_not_exist(monkeypatch):
    import multiprocessing

    asked: list[str] = []
    real = multiprocessing.get_context
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(multiprocessing, "get_context", lambda method=None: asked.append(method) or real(method))
    outcomes = list(check_many(EXAMPLES[:3], jobs=2))
    assert asked == ["spawn"]
    assert [o.file for o in outcomes] == [str(p) for p in EXAMPLES[:3]]
    assert [o.check_exit() for o in outcomes] == [0, 0, 0]
