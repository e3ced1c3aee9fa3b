"""A whole research cycle through the CLI: every manual coding and decision survives."""

import csv as csv_module
import importlib.util
import io

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from qualcode.cli.app import app

runner = CliRunner()

ENGINES = [
    "fake",
    pytest.param("real", marks=pytest.mark.skipif(
        importlib.util.find_spec("qualcode.coding.engine") is None,
        reason="the rule engine (qualcode.coding.engine) has not landed")),
]


def run(*args, user="ana"):
    result = runner.invoke(app, [*args, "--user", user] if user else list(args))
    assert result.exit_code == 0, (args, result.output, result.stderr)
    return result.stdout + result.stderr


def human_state(project):
    """Placed manual codings and decided suggestions: what a reviewer or coder put in."""
    text = {d.id: d.text for d in project.store.documents()}
    return sorted((r.document, text[r.document][r.start:r.end], r.code, r.coder, r.source,
                   r.status) for r in project.store.codings(orphaned=False)
                  if r.source != "auto" or r.status != "suggested")


def decide_in_sheet(path, decisions):
    book = load_workbook(path)
    sheet = book["review"]
    col = {c.value: c.column for c in sheet[1]}
    for r in range(2, sheet.max_row + 1):
        key = (sheet.cell(r, col["document"]).value, sheet.cell(r, col["code"]).value)
        for name, value in decisions.get(key, {}).items():
            sheet.cell(r, col[name]).value = value
    book.save(path)


@pytest.mark.parametrize("engine", ENGINES)
def test_research_cycle(engine, project_dir, samples, tmp_path, monkeypatch, request):
    if engine == "fake":
        request.getfixturevalue("fake_engine")
    root = str(project_dir)
    out = run("init", root, "-s", "transcripts", "-c", "codebook.yaml")
    assert "Created project 'study'" in out
    monkeypatch.chdir(project_dir)  # later commands find the project from the folder
    assert run("add").endswith("2 added, 0 updated, 0 unchanged.\n")
    out = run("autocode")
    assert "with tiny@1.0.0: 4 new suggestions, 0 unchanged" in out

    sheet = tmp_path / "review.xlsx"
    assert run("review", "export", "-o", str(sheet)).startswith("Wrote 4 codings to review")
    decide_in_sheet(sheet, {
        ("mk01", "enabler"): {"decision": "accept", "note": "textbook enabler"},
        ("mk01", "advocate"): {"decision": "recode", "recode_to": "enabler"},
        ("mk02", "enabler"): {"decision": "reject"},
    })
    out = run("review", "import", str(sheet), user="budi")
    assert ("Applied 3 of 3 filled rows from review.xlsx: 1 accepted, 1 rejected, 1 recoded, "
            "0 unchanged (decided so already), 1 notes stored as memos.") in out

    csv = samples.write(tmp_path / "manual.csv", "document,quote,code,coder,memo\n"
                        "mk01,minta guru ikut menjaga,advocate,citra,asks the teacher\n"
                        "mk02,keluarganya,enabler,citra,\n"
                        "mk01,lakukan pertama kali,enabler,citra,\n")
    assert "Imported 3 of 3 rows" in run("import", "codings", str(csv))

    mk02 = project_dir / "transcripts" / "mk02.md"
    samples.write(mk02, samples.MK02.replace("baru ke sekolah", "baru {advocate}ke sekolah"
                                             "{/advocate}"))
    out = run("add", user="dewi")
    assert "unchanged mk02; 1 markup coding added" in out

    from qualcode.project.core import open_project

    with open_project(root) as project:
        before = human_state(project)
    assert before == [
        ("mk01", "Saya dampingi anaknya pelan-pelan supaya mau cerita.", "enabler",
         "tiny@1.0.0", "auto", "accepted"),
        ("mk01", "Saya datang ke sekolah dan minta guru ikut menjaga anak itu.", "advocate",
         "tiny@1.0.0", "auto", "rejected"),
        ("mk01", "Saya datang ke sekolah dan minta guru ikut menjaga anak itu.", "enabler",
         "budi", "manual", "accepted"),
        ("mk01", "lakukan pertama kali", "enabler", "citra", "manual", "accepted"),
        ("mk01", "minta guru ikut menjaga", "advocate", "citra", "manual", "accepted"),
        ("mk02", "Saya dampingi keluarganya dulu, baru ke sekolah.", "enabler", "tiny@1.0.0",
         "auto", "rejected"),
        ("mk02", "ke sekolah", "advocate", "dewi", "manual", "accepted"),
        ("mk02", "keluarganya", "enabler", "citra", "manual", "accepted"),
    ]

    book = project_dir / "codebook.yaml"
    book.write_text(book.read_text(encoding="utf-8").replace('"1.0.0"', '"1.1.0"')
                    .replace("[sekolah]", "[sekolah, guru]")
                    .replace("[dampingi]", "[dampingi, keluarganya, datang]"), encoding="utf-8")
    out = run("autocode")
    assert ("with tiny@1.1.0: 1 new suggestions, 0 unchanged, 1 updated, 0 removed (no longer "
            "made), 0 kept for their memos; 1 already accepted, 2 rejected (not suggested "
            "again)") in out

    mk01 = project_dir / "transcripts" / "mk01.md"
    samples.write(mk01, samples.MK01.replace(
        "language: id\n---\n", "language: id\n---\nPewawancara: Mulai ya, Bu.\n\n")
        .replace("dampingi anaknya", "dampingi   anaknya").replace("minta guru", "meminta guru")
        .replace("lakukan pertama kali", "kerjakan dulu"))
    out = run("add")
    assert ("updated mk01; codings: 0 in place, 1 moved, 1 found tolerantly, 3 on edited "
            "passages, 1 orphaned") in out
    assert "1 coding could not be placed in the new text; kept and flagged orphaned:" in out
    assert "enabler by citra in mk01: 'lakukan pertama kali'" in out

    with open_project(root) as project:
        after = human_state(project)
        orphan = project.store.codings(orphaned=True)
    # every manual coding and decision is still there, on its (edited) passage; the one
    # whose words were rewritten is kept as an orphan, and listed by 'project check'.
    assert after == [
        ("mk01", "Saya dampingi   anaknya pelan-pelan supaya mau cerita.", "enabler",
         "tiny@1.0.0", "auto", "accepted"),
        ("mk01", "Saya datang ke sekolah dan meminta guru ikut menjaga anak itu.", "advocate",
         "tiny@1.0.0", "auto", "rejected"),
        ("mk01", "Saya datang ke sekolah dan meminta guru ikut menjaga anak itu.", "enabler",
         "budi", "manual", "accepted"),
        ("mk01", "minta guru ikut menjaga", "advocate", "citra", "manual", "accepted"),
        ("mk02", "Saya dampingi keluarganya dulu, baru ke sekolah.", "enabler", "tiny@1.0.0",
         "auto", "rejected"),
        ("mk02", "ke sekolah", "advocate", "dewi", "manual", "accepted"),
        ("mk02", "keluarganya", "enabler", "citra", "manual", "accepted"),
    ]
    assert [(r.code, r.coder, r.quote, r.status) for r in orphan] == [
        ("enabler", "citra", "lakukan pertama kali", "accepted")]
    out = run("project", "check", user=None)
    assert "orphaned: 'lakukan pertama kali' is no longer in the text" in out
    result = runner.invoke(app, ["codings", "--counted"])
    assert result.stderr == "1 orphaned coding not listed; see 'qualcode project check'.\n"
    counted = list(csv_module.DictReader(io.StringIO(result.stdout)))
    # what analyses count: accepted and manual codings (not the orphan, not the rejected)
    assert sorted((r["document"], r["code"], r["coder"], r["status"]) for r in counted) == [
        ("mk01", "advocate", "citra", "accepted"), ("mk01", "enabler", "budi", "accepted"),
        ("mk01", "enabler", "tiny@1.0.0", "accepted"), ("mk02", "advocate", "dewi", "accepted"),
        ("mk02", "enabler", "citra", "accepted")]
    assert [r["memo"] for r in counted if r["coder"] == "citra"] == ["asks the teacher", ""]
