"""Coding on a Dask cluster gives the single-process engine's codings, row for row."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.coding.engine import apply_codebook
from qualcode.corpus import load_corpus
from qualcode.io.codebook import load_codebook
from qualcode.resources import default_cases_path, default_codebook_path, default_corpus_path
from qualcode.tables import CODINGS_COLUMNS, codings_table

distributed = pytest.importorskip("dask.distributed")
pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def client():
    # any free port for the scheduler's HTTP server: another Dask session on the default 8787
    # made the cluster warn, and the warning failed the tests
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                       dashboard_address="127.0.0.1:0",
                                       scheduler_kwargs={"dashboard": False})
    with distributed.Client(cluster) as connection:
        yield connection
    cluster.close()


def _generated(folder: Path) -> Path:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "qc_bench_generate", Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(folder, 8000, seed=5, per_file=1000)
    return folder


def test_dask_codings_equal_the_single_process_engine(tmp_path, client):
    from qualcode.distributed import code_distributed, read_codings_parquet

    book = load_codebook(default_codebook_path())
    inputs = [default_corpus_path(), _generated(tmp_path / "gen")]
    out = tmp_path / "codings.parquet"
    summary = code_distributed(inputs, book, out, cases=default_cases_path(), client=client,
                               segments=True, partitions=5)
    corpus = load_corpus(inputs, cases=default_cases_path())
    expected = codings_table(apply_codebook(corpus, book), corpus, book)
    got = read_codings_parquet(out, cases=default_cases_path())
    assert list(got.columns) == list(expected.columns)
    core = list(CODINGS_COLUMNS)
    assert got[core].values.tolist() == expected[core].values.tolist()
    assert summary.codings == len(expected) and summary.documents == len(corpus.documents)
    assert len(list((out / "codings").glob("*.parquet"))) == 5
    attrs = [c for c in expected.columns if c not in core]
    assert attrs == ["pseudonym", "informant_role", "years_experience", "education", "gender"]

    def plain(value):  # pandas prints 6 as 6.0 next to a missing cell; compare the values
        if value is None or value != value:
            return ""
        return float(value) if isinstance(value, int | float) else str(value)

    assert [[plain(v) for v in row] for row in got[attrs].values.tolist()] == \
        [[plain(v) for v in row] for row in expected[attrs].values.tolist()]


def test_duplicate_ids_fail_and_leave_no_output(tmp_path, client):
    from qualcode.distributed import code_distributed
    from qualcode.errors import InputError

    folder = tmp_path / "t"
    folder.mkdir()
    for name in ("a.md", "b.md"):
        (folder / name).write_text("---\nid: same\n---\nA: x\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    with pytest.raises(InputError, match="two documents have the id 'same'"):
        code_distributed([folder], load_codebook(default_codebook_path()), out, client=client)
    assert not out.exists()


def test_analyze_on_dask_gives_the_matrices_of_the_local_engine(client):
    from qualcode.distributed import analyze_distributed
    from qualcode.pipeline import analyze

    book = load_codebook(default_codebook_path())
    local = analyze([default_corpus_path()], codebook=book, cases=default_cases_path())
    remote = analyze_distributed([default_corpus_path()], book, cases=default_cases_path(),
                                 client=client)
    for name in ("code_by_document", "code_by_case", "cooccurrence_matrix", "role_by_stage",
                 "frequencies", "code_by_informant_role"):
        assert remote.tables[name].equals(local.tables[name]), name
    assert remote.provenance["counts"] == local.provenance["counts"]
    # the tables written as CSV are the same too (attributes such as 6, not 6.0)
    from qualcode.report.tabular import csv_text

    for name in ("quotes", "representative_quotes"):
        assert csv_text(remote.tables[name]) == csv_text(local.tables[name]), name
    assert csv_text(remote.codings) == csv_text(local.codings)
    assert csv_text(remote.segments) == csv_text(local.segments)


def test_analyze_on_dask_reads_a_response_table_with_its_options(tmp_path, client):
    from qualcode.distributed import analyze_distributed
    from qualcode.pipeline import analyze_corpus
    from qualcode.report.tabular import csv_text

    table = tmp_path / "survei.csv"
    table.write_text('kode,wilayah,Komentar\nr1,Utara,"Saya dampingi anak.\n\nLalu asesmen."\n'
                     "r2,Selatan,Rencana intervensi.\n", encoding="utf-8")
    book = load_codebook(default_codebook_path())
    options = {"text_column": "komentar", "id_column": "kode", "case_column": "wilayah"}
    remote = analyze_distributed([table], book, client=client, **options)
    local = analyze_corpus(load_corpus([table], unit=book.unit, **options), book)
    assert remote.segments["document"].tolist() == ["r1", "r2"]  # an answer is one segment
    assert remote.segments["case"].tolist() == ["Utara", "Selatan"]
    assert csv_text(remote.tables["frequencies"]) == csv_text(local.tables["frequencies"])


def test_one_path_is_not_split_into_letters(tmp_path, monkeypatch, client):
    from qualcode.distributed import analyze_distributed, code_distributed, read_codings_parquet

    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "tx"
    folder.mkdir()
    (folder / "a.md").write_text("Pewawancara: Apa?\n\nRina: Saya dampingi anak.\n",
                                 encoding="utf-8")
    book = load_codebook(default_codebook_path())
    summary = code_distributed("tx", book, tmp_path / "out.parquet", client=client)
    assert summary.documents == 1
    assert len(read_codings_parquet(tmp_path / "out.parquet")) == summary.codings
    analysis = analyze_distributed(Path("tx"), book, client=client)
    assert [i["path"] for i in analysis.provenance["inputs"]] == [str(Path("tx", "a.md"))]


def test_the_codebook_may_be_given_as_a_path(tmp_path, client):
    from qualcode.distributed import code_distributed, read_codings_parquet

    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "a.md").write_text("Pewawancara: Apa?\n\nRina: Saya dampingi anak.\n",
                                 encoding="utf-8")
    code_distributed([folder], load_codebook(default_codebook_path()), tmp_path / "book.parquet",
                     client=client)
    code_distributed([folder], str(default_codebook_path()), tmp_path / "path.parquet",
                     client=client)
    assert read_codings_parquet(tmp_path / "path.parquet").equals(
        read_codings_parquet(tmp_path / "book.parquet"))


@pytest.mark.parametrize(("address", "reason"), [
    ("localhost", "missing port number"), ("tcp://host:port", "invalid literal"),
    ("foo://host:8786", "unknown address scheme 'foo'")])
def test_a_malformed_scheduler_address_is_a_qualcode_error(tmp_path, address, reason):
    from qualcode.distributed import code_distributed, connect
    from qualcode.errors import QualcodeError

    with pytest.raises(QualcodeError, match=f"'{address}' is not a Dask scheduler address "
                                            f"\\(.*{reason}"):
        connect(address)
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "a.md").write_text("A: x\n", encoding="utf-8")
    with pytest.raises(QualcodeError, match="is not a Dask scheduler address"):
        code_distributed(folder, load_codebook(default_codebook_path()), tmp_path / "out",
                         scheduler=address)
    assert not (tmp_path / "out").exists()


def _fake_server(reply: bytes | None, *, close: bool = False):
    """A TCP server in a thread: to every connection it sends ``reply`` (``None``: nothing)
    and then keeps it open, or closes it with ``close``. Returns (address, stop)."""
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    held: list[socket.socket] = []
    stopping = threading.Event()

    def serve() -> None:
        while not stopping.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            if reply is not None:
                conn.sendall(reply)
            if close:
                conn.close()
            else:
                held.append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()

    def stop() -> None:
        stopping.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()

    return f"tcp://127.0.0.1:{listener.getsockname()[1]}", stop


@pytest.mark.parametrize(("reply", "close", "reason"), [
    (None, False, "gave no scheduler's answer within 1 s"),  # a web server waits for a request
    (b"SSH-2.0-OpenSSH_9.6\r\n", False, "did not answer in Dask's protocol"),
    (b"HTTP/1.0 400 Bad request\r\n\r\n", True, "did not answer in Dask's protocol"),
])
def test_a_service_that_is_not_a_scheduler_is_refused_in_time(reply, close, reason):
    import time

    from qualcode.distributed import connect
    from qualcode.errors import QualcodeError

    address, stop = _fake_server(reply, close=close)
    started = time.monotonic()
    try:
        with pytest.raises(QualcodeError, match="is not a Dask scheduler \\(or not answering\\)"
                           ) as caught:
            connect(address, timeout=1)
    finally:
        stop()
    assert reason in caught.value.message
    assert time.monotonic() - started < 5


def test_a_real_scheduler_passes_the_probe_and_a_worker_does_not(client):
    from qualcode.distributed import connect
    from qualcode.errors import QualcodeError

    remote = connect(client.scheduler.address, timeout=5)
    try:
        assert sum(remote.nthreads().values()) == 2
    finally:
        remote.close()
    worker = next(iter(client.scheduler_info()["workers"]))
    with pytest.raises(QualcodeError, match="is not a Dask scheduler: it answers as a Dask "
                                            "worker"):
        connect(worker, timeout=5)


def test_dask_gives_the_warnings_and_provenance_of_the_local_engine(tmp_path, monkeypatch,
                                                                   client):
    from qualcode.distributed import analyze_distributed, code_distributed
    from qualcode.pipeline import analyze_corpus
    from qualcode.stream import code_files

    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "cm"
    folder.mkdir()
    for case in ("MK01", "MK02", "MK03"):
        (folder / f"{case.lower()}.md").write_text(
            f"---\ncase: {case}\n---\nPewawancara: Apa?\n\nRina: Saya dampingi anak.\n",
            encoding="utf-8")
    (folder / "broken.docx").write_bytes(b"not a zip")
    (folder / "notes.odt").write_bytes(b"x")  # unsupported: W101
    (tmp_path / "cases.csv").write_text("case,role\nMK01,a\nMK09,b\n", encoding="utf-8")
    book = load_codebook(default_codebook_path())
    local = code_files(["cm"], book, tmp_path / "l.csv", cases="cases.csv", skip_errors=True)
    remote = code_distributed(["cm"], book, tmp_path / "r.parquet", cases="cases.csv",
                              skip_errors=True, client=client)
    assert [str(w) for w in remote.warnings] == [str(w) for w in local.warnings]
    assert sorted(w.code for w in remote.warnings) == ["W101", "W201", "W201", "W202"]
    assert [str(s) for s in remote.skipped] == [str(s) for s in local.skipped]
    assert len(remote.skipped) == 1 and "broken.docx" in str(remote.skipped[0])

    corpus = load_corpus(["cm"], cases="cases.csv", skip_errors=True)
    expected = analyze_corpus(corpus, book, cases_path="cases.csv", language="auto")
    analysis = analyze_distributed(["cm"], book, cases="cases.csv", language="auto",
                                   skip_errors=True, client=client)
    for key in ("inputs", "warnings", "skipped", "cases", "counts"):
        assert analysis.provenance[key] == expected.provenance[key], key
    assert [i["path"] for i in analysis.provenance["inputs"]] == [
        str(Path("cm", f"mk0{i}.md")) for i in (1, 2, 3)]
    assert all(len(i["sha256"]) == 64 for i in analysis.provenance["inputs"])
    assert [str(w) for w in analysis.warnings] == [str(w) for w in expected.warnings]
    # the command prints them as the local run does
    from typer.testing import CliRunner

    from qualcode.cli.app import app

    done = CliRunner().invoke(app, [
        "analyze", "cm", "--cases", "cases.csv", "--engine", "dask", "--scheduler",
        client.scheduler.address, "--skip-errors", "-o", "out", "--no-charts",
        "--no-portraits"])
    assert done.exit_code == 0, done.stderr
    assert done.stderr.count("[W201]") == 2 and "[W101]" in done.stderr
    assert "Skipped 1 file(s):" in done.stderr and "broken.docx" in done.stderr
