from pathlib import Path

import pytest

from qualcode.errors import ProjectError
from qualcode.project.config import (
    ProjectConfig,
    find_project_root,
    read_config,
    sources_of,
    write_config,
)


def test_settings_round_trip(tmp_path):
    config = ProjectConfig(root=tmp_path, name="s", sources=("transcripts",),
                           codebook="cb.yaml", unit="sentence", languages=("id",),
                           interviewer_labels=("Peneliti",), markup=False)
    write_config(config)
    assert read_config(tmp_path) == config
    assert config.language == "id"
    assert config.database_path == tmp_path / ".qualcode" / "project.db"
    assert (tmp_path / "qualcode.yaml").read_text(encoding="utf-8").startswith("# qualcode")


def test_bad_settings_are_all_reported(tmp_path):
    (tmp_path / "qualcode.yaml").write_text(
        "name: s\nunit: chapter\ncolour: red\nmarkup: maybe\nsources: {a: 1}\n",
        encoding="utf-8")
    with pytest.raises(ProjectError) as err:
        read_config(tmp_path)
    assert [(i.code, i.line) for i in err.value.issues] == [
        ("P101", 3), ("P102", 5), ("P103", 2), ("P104", 4)]


def test_language_codes_are_checked_and_normalised(tmp_path):
    (tmp_path / "qualcode.yaml").write_text("name: s\nlanguages: [ID, en-US, id]\n",
                                            encoding="utf-8")
    config = read_config(tmp_path)
    assert config.languages == ("id", "en") and config.language == "auto"
    (tmp_path / "qualcode.yaml").write_text("name: s\nunit: sentence\nlanguages: [xx9]\n",
                                            encoding="utf-8")
    with pytest.raises(ProjectError) as err:
        read_config(tmp_path)
    assert [(i.code, i.line) for i in err.value.issues] == [("P105", 3)]
    assert "'xx9' is not a language code" in str(err.value.issues[0])


def test_find_project_root(tmp_path, monkeypatch):
    monkeypatch.delenv("QUALCODE_PROJECT", raising=False)
    (tmp_path / "qualcode.yaml").write_text("name: s\n", encoding="utf-8")
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    assert find_project_root(start=inner).resolve() == tmp_path.resolve()
    assert find_project_root(tmp_path) == tmp_path
    with pytest.raises(ProjectError, match="is not a qualcode project"):
        find_project_root(inner)
    monkeypatch.setenv("QUALCODE_PROJECT", str(tmp_path))
    assert find_project_root(start="/") == tmp_path


def test_an_unclosed_quote_is_named_on_its_own_line(tmp_path):
    (tmp_path / "qualcode.yaml").write_text("unit: turn\nname: 'demo\n", encoding="utf-8")
    with pytest.raises(ProjectError) as err:
        read_config(tmp_path)
    assert err.value.line == 2
    assert "the quoted text opened on line 2 is never closed" in err.value.message


def test_a_missing_source_is_named_with_its_settings_line(tmp_path, monkeypatch):
    (tmp_path / "here").mkdir()
    (tmp_path / "qualcode.yaml").write_text(
        "name: s\nsources:\n  - here\n  - nosuchdir\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path.parent)  # sources follow the project folder, not this one
    config = read_config(tmp_path)
    with pytest.raises(ProjectError, match="the source 'nosuchdir' is not there") as err:
        sources_of(config)
    assert (err.value.path, err.value.line) == (str(tmp_path / "qualcode.yaml"), 4)
    assert f"relative to the project folder {tmp_path}" in err.value.hint
    assert sources_of(config, ["x"]) == [Path("x")]


def test_table_settings_are_read_written_when_set_and_checked(tmp_path):
    config = ProjectConfig(root=tmp_path, name="s", text_column="Q5 Comments", sheet="Wave 2")
    write_config(config)
    text = (tmp_path / "qualcode.yaml").read_text(encoding="utf-8")
    assert "text_column: Q5 Comments\nsheet: Wave 2\n" in text and "id_column:" not in text
    assert read_config(tmp_path) == config
    options = config.read_options()
    assert (options.text_column, options.id_column, options.sheet, options.settings) == (
        "Q5 Comments", None, "Wave 2", "qualcode.yaml")
    (tmp_path / "qualcode.yaml").write_text("name: s\nid_column: 2024\ncase_column: [a, b]\n",
                                            encoding="utf-8")
    with pytest.raises(ProjectError) as err:
        read_config(tmp_path)
    assert [(i.code, i.line, i.message) for i in err.value.issues] == [
        ("P106", 3, "'case_column' must be a column name")]
    (tmp_path / "qualcode.yaml").write_text("name: s\nid_column: 2024\n", encoding="utf-8")
    assert read_config(tmp_path).id_column == "2024"
