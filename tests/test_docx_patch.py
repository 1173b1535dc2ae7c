"""The on-disk cache of docxtpl's tag clean-up gives docxtpl's own result, and is only an optimisation."""

from __future__ import annotations

import subprocess
import sys

from docxtpl import DocxTemplate

from nianbao.render.docx import patch

SOURCE = "<w:body><w:p><w:r><w:t>{{p x }}</w:t></w:r></w:p><w:p><w:r><w:t>{{ y }}</w:t></w:r></w:p></w:body>"


def _docxtpl(source: str) -> str:
    import io

    return DocxTemplate(io.BytesIO()).patch_xml(source)


def test_first_and_cached_results_are_docxtpls_own(tmp_path, monkeypatch):
    monkeypatch.setenv("NIANBAO_CACHE", str(tmp_path))
    assert patch.patch_xml(SOURCE) == _docxtpl(SOURCE)
    assert len(list((tmp_path / "docx-parts").glob("*.xml"))) == 1
    assert patch.patch_xml(SOURCE) == _docxtpl(SOURCE)  # now read from the cache


def test_an_unwritable_cache_is_not_used_and_nothing_fails(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("NIANBAO_CACHE", str(blocker))
    assert patch.patch_xml(SOURCE) == _docxtpl(SOURCE)


def test_a_damaged_entry_is_replaced(tmp_path, monkeypatch):
    monkeypatch.setenv("NIANBAO_CACHE", str(tmp_path))
    patch.patch_xml(SOURCE)
    entry = next((tmp_path / "docx-parts").glob("*.xml"))
    entry.write_bytes(b"\xff\xfe broken")  # not UTF-8: treated as missing
    assert patch.patch_xml(SOURCE) == _docxtpl(SOURCE)


def test_a_build_with_a_warm_cache_does_not_import_docxtpl(tmp_path, monkeypatch):
    from conftest import EXAMPLES

    env_code = (
        "import sys; from nianbao.cli import main; sys.argv=['nianbao','build',sys.argv[1],'--to','docx','-o',sys.argv[2]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('docxtpl' in sys.modules)"
    )
    monkeypatch.setenv("NIANBAO_CACHE", str(tmp_path / "cache"))
    runs = [subprocess.run([sys.executable, "-c", env_code, str(EXAMPLES[0]), str(tmp_path / "out")],
                           capture_output=True, text=True, check=True).stdout.split()[-1] for _ in range(2)]
    assert runs == ["True", "False"]  # the first run fills the cache, the second needs no docxtpl
