"""Two writers at once, and a writer killed mid-transaction, leave a sound database."""

import os
import signal
import subprocess
import sys
import time

from qualcode.project.check import check_project
from qualcode.project.core import open_project
from qualcode.project.store import PAUSE_ENV

WRITER = """
import sys, time
from pathlib import Path
from qualcode.project.core import open_project
from qualcode.project.importcsv import import_codings
from qualcode.project.memos import add_memo
root, name, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
with open_project(root, user=name) as project:
    while not go.exists():
        time.sleep(0.005)
    for i in range(25):
        add_memo(project, f"{name} {i}", document="mk01")
    report = import_codings(project, Path(root) / "shared.csv")
    print(report.added, report.duplicates)
"""


def test_two_writers_at_once(project, samples, tmp_path):
    rows = "".join(f"mk01,{w},enabler,team\n" for w in
                   ("Saya", "dampingi", "anaknya", "pelan-pelan", "supaya", "mau", "cerita"))
    samples.write(project.root / "shared.csv", "document,quote,code,coder\n" + rows)
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(project.root), name, str(go)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name in ("w1", "w2")]
    time.sleep(0.3)
    go.touch()
    outputs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    # one import added all seven codings, the other found them all present
    assert sorted(out.split() for out, _ in outputs) == [["0", "7"], ["7", "0"]]
    memos = project.store.memos("document")
    assert len(memos) == 50
    for name in ("w1", "w2"):
        assert [m.text for m in memos if m.author == name] == [f"{name} {i}" for i in range(25)]
    assert len(project.store.codings()) == 7
    assert check_project(project) == []
    assert [a.action for a in project.store.audit()].count("memo.add") == 50


def test_killed_import_leaves_the_previous_state(project, samples, tmp_path):
    csv = samples.write(tmp_path / "c.csv", "document,quote,code,memo\n"
                        "mk01,dampingi,enabler,one\nmk02,sekolah,advocate,two\n")
    before = (project.store.codings(), project.store.memos(), len(project.store.audit()))
    marker = tmp_path / "inside"
    env = {**os.environ, PAUSE_ENV: str(marker)}
    proc = subprocess.Popen([sys.executable, "-m", "qualcode", "import", "codings", str(csv),
                             "--project", str(project.root)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    with open_project(project.root, user="ana") as fresh:
        assert (fresh.store.codings(), fresh.store.memos(), len(fresh.store.audit())) == before
        assert fresh.store.integrity_problems() == []
        assert check_project(fresh) == []
        # and the project still takes writes
        from qualcode.project.importcsv import import_codings

        assert import_codings(fresh, csv).added == 2
