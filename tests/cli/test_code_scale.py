"""``qualcode code`` options for scale: --jobs, --cache, --engine."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from qualcode.cli.app import app

runner = CliRunner()

TRANSCRIPT = """\
---
case: MK0{i}
---
Pewawancara: Apakah Ibu mendampingi anaknya?

Rina: Iya, saya mendampingi dia waktu asesmen. Lalu kami merujuk ke psikolog.
"""


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "t"
    folder.mkdir()
    for i in range(3):
        (folder / f"mk0{i}.md").write_text(TRANSCRIPT.format(i=i), encoding="utf-8")
    return folder


def test_jobs_and_cache_write_the_same_table(tmp_path):
    folder = _folder(tmp_path)
    outputs = []
    for extra in ([], ["--jobs", "2"], ["--cache", str(tmp_path / "c")],
                  ["--cache", str(tmp_path / "c"), "-j", "2"]):
        result = runner.invoke(app, ["-q", "code", str(folder), *extra])
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    assert outputs[0].startswith("document,case,segment,")
    assert outputs.count(outputs[0]) == 4


def test_engine_and_scheduler_are_checked(tmp_path):
    folder = _folder(tmp_path)
    result = runner.invoke(app, ["code", str(folder), "--engine", "spark"])
    assert result.exit_code == 2
    assert "unknown engine 'spark'; choose one of local, dask" in result.stderr
    result = runner.invoke(app, ["code", str(folder), "--scheduler", "tcp://x:8786"])
    assert result.exit_code == 2
    assert "--scheduler needs --engine dask" in result.stderr
    result = runner.invoke(app, ["code", str(folder), "--engine", "dask"])
    assert result.exit_code == 2
    assert "give -o DIR.parquet" in result.stderr


def test_a_cache_that_is_a_file_or_an_output_that_is_a_folder_stops_before_coding(tmp_path):
    folder = _folder(tmp_path)
    afile = tmp_path / "afile"
    afile.write_text("mine", encoding="utf-8")
    out = tmp_path / "codings.csv"
    result = runner.invoke(app, ["code", str(folder), "-o", str(out), "--cache", str(afile)])
    assert result.exit_code == 1, result.output
    assert "the cache folder is a file" in result.stderr and "Traceback" not in result.output
    assert afile.read_text(encoding="utf-8") == "mine" and not out.exists()
    taken = tmp_path / "taken.csv"  # a folder named as a CSV file
    taken.mkdir()
    result = runner.invoke(app, ["code", str(folder), "-o", str(taken)])
    assert result.exit_code == 1, result.output
    assert "this is a folder, not a file" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["mk00.md", "mk01.md", "mk02.md"]
    assert list(taken.iterdir()) == []


def test_a_cache_that_cannot_be_written_warns_and_codes_the_same(tmp_path, monkeypatch):
    import errno

    from qualcode.batch import cache

    folder = _folder(tmp_path)
    plain = runner.invoke(app, ["-q", "code", str(folder)])

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache, "_write_bytes", full)
    result = runner.invoke(app, ["code", str(folder), "--cache", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert result.stdout == plain.stdout
    assert "W302" in result.stderr and "No space left on device" in result.stderr
