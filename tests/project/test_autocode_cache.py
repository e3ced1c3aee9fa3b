"""``autocode --cache``: the same suggestions, from cached per-code results."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from qualcode.cli.app import app

runner = CliRunner()

BOOK = """\
name: proj-book
version: "1"
codes:
  - id: enabler
    rules: [{phrases: {id: [dampingi]}}]
  - id: coordinator
    rules: [{phrases: {id: [rujuk]}}]
"""


def test_autocode_with_a_cache_gives_the_suggestions_without_it(tmp_path, monkeypatch):
    from qualcode.batch.cache import apply_codebook_cached
    from qualcode.coding.engine import apply_codebook
    from qualcode.corpus import load_corpus
    from qualcode.io.codebook import load_codebook

    folder = tmp_path / "t"
    folder.mkdir()
    for i in range(3):
        (folder / f"d{i}.md").write_text(
            f"---\ncase: C{i}\n---\nPewawancara: Apa?\n\nRina: Saya mendampingi dia lalu "
            f"merujuk ke psikolog {i}.\n", encoding="utf-8")
    book_path = tmp_path / "book.yaml"
    book_path.write_text(BOOK, encoding="utf-8")
    book = load_codebook(book_path)
    corpus = load_corpus([folder])
    cache = tmp_path / "cache"
    first, warnings = apply_codebook_cached(corpus, book, cache)
    again, _ = apply_codebook_cached(corpus, book, cache)
    assert first == again == apply_codebook(corpus, book) and warnings == []
    assert len(list((cache / "documents").rglob("*.json"))) == 3

    monkeypatch.chdir(tmp_path)
    project = tmp_path / "proj"
    assert runner.invoke(app, ["init", str(project), "-c", str(book_path)]).exit_code == 0, \
        "init"
    result = runner.invoke(app, ["add", str(folder), "-p", str(project)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["autocode", "-p", str(project), "--cache",
                                 str(Path(tmp_path / "pc"))])
    assert result.exit_code == 0, result.output
    assert "6 new suggestions" in result.stdout + result.stderr
    result = runner.invoke(app, ["autocode", "-p", str(project), "--cache", str(tmp_path / "pc")])
    assert "0 new suggestions, 6 unchanged" in result.stdout + result.stderr
