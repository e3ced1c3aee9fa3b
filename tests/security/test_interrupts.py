"""No data loss: a run interrupted by SIGINT, SIGTERM or SIGKILL leaves the previous results
folder exactly as it was.

Each case runs ``python -m qualcode analyze ... -o OUT`` over an existing ``OUT``. The test hook
``QUALCODE_TEST_PAUSE`` makes the run stop just before the rename of its first file inside the
new folder (``file``, mid-build) or just before the folder swap (``directory``), writing a marker;
the test then signals the process at that point.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qualcode.report.files import PAUSE_ENV, atomic_directory


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _analyze(corpus: Path, out: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "qualcode", "-q", "analyze", str(corpus), "--no-charts",
         "-o", str(out)],
        env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
        # A shell that started the tests in the background ignores SIGINT for its children;
        # give this one Python's usual Ctrl-C behaviour back.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("interrupts")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "t1.md").write_text("---\nid: t1\ncase: C1\n---\nQ: Apa peran Ibu?\nRina: Saya "
                                  "mendampingi anak dan bicara dengan sekolah.\n",
                                  encoding="utf-8")
    out = root / "OUT"
    done = _analyze(corpus, out)
    assert done.wait(timeout=120) == 0, done.communicate()
    return corpus, out


def _interrupted(template, tmp_path, where: str, signum: int):
    corpus, first = template
    out = tmp_path / "OUT"
    shutil.copytree(first, out)
    before = _snapshot(out)
    marker = tmp_path / "paused"
    process = _analyze(corpus, out, {PAUSE_ENV: f"{where}:{marker}"})
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the run never reached the pause"
        time.sleep(0.05)
    os.kill(process.pid, signum)
    _, err = process.communicate(timeout=60)
    assert _snapshot(out) == before  # same files, same bytes
    assert "Traceback" not in err
    return process.returncode, err, sorted(p.name for p in tmp_path.iterdir())


def test_sigint_mid_build_keeps_previous_results(template, tmp_path):
    code, err, names = _interrupted(template, tmp_path, "file", signal.SIGINT)
    assert code == 130
    assert "Interrupted; previous outputs were left as they were." in err
    assert names == ["OUT", "paused"]  # the half-built folder is gone


def test_sigterm_before_swap_keeps_previous_results(template, tmp_path):
    code, err, names = _interrupted(template, tmp_path, "directory", signal.SIGTERM)
    assert code == 143
    assert "Interrupted; previous outputs were left as they were." in err
    assert names == ["OUT", "paused"]


def test_sigkill_keeps_previous_results_and_next_run_cleans_up(template, tmp_path):
    code, _, names = _interrupted(template, tmp_path, "directory", signal.SIGKILL)
    assert code == -signal.SIGKILL
    leftovers = [n for n in names if n.startswith(".OUT.")]
    assert len(leftovers) == 1 and leftovers[0].endswith(".tmp")  # a killed run cannot clean
    corpus, _ = template
    again = _analyze(corpus, tmp_path / "OUT")
    assert again.wait(timeout=120) == 0, again.communicate()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["OUT", "paused"]


def test_a_swap_killed_halfway_is_undone_by_the_next_write(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    pid = int(dead.stdout)
    target = tmp_path / "OUT"
    aside = tmp_path / f".OUT.{pid}.abc123.old"  # the old folder, moved aside mid-swap
    (aside / "previous").mkdir(parents=True)
    (aside / "previous" / "codings.csv").write_text("kept", encoding="utf-8")
    (aside / "previous" / ".qualcode-output").write_text("# written by qualcode\n")
    (tmp_path / f".OUT.{pid}.def456.tmp").mkdir()  # the new one, never renamed

    def fails(folder: Path) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_directory(target, fails)
    assert (target / "codings.csv").read_text(encoding="utf-8") == "kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["OUT"]


@pytest.mark.parametrize("interrupted_call", [1, 2])
def test_an_interrupt_between_the_two_renames_puts_the_old_folder_back(tmp_path, monkeypatch,
                                                                       interrupted_call):
    target = tmp_path / "OUT"
    atomic_directory(target, lambda folder: (folder / "a.csv").write_text("old", "utf-8"))
    real = os.replace
    calls = []

    def replace(source, destination):
        calls.append(source)
        real(source, destination)
        if len(calls) == interrupted_call:  # after moving the old folder aside / the new in
            raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        atomic_directory(target, lambda folder: (folder / "b.csv").write_text("new", "utf-8"))
    monkeypatch.undo()
    kept = "a.csv" if interrupted_call == 1 else "b.csv"  # old back, or new complete
    assert sorted(p.name for p in target.iterdir()) == [".qualcode-output", kept]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["OUT"]
