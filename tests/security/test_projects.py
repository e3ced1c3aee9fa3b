"""Project folders from others: hostile settings files and damaged databases end in one
message naming the file, never a traceback, a hang or code run from the settings."""

from __future__ import annotations

import pytest

LOL = ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
       "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
       "name: *d\n")


@pytest.fixture
def project(tmp_path, qualcode):
    root = tmp_path / "proj"
    assert qualcode("init", root).exit_code == 0
    return root


@pytest.mark.parametrize(("settings", "fragment"), [
    (LOL, "aliases (*name) are not allowed here"),
    ("name: " + "[" * 5000 + "]" * 5000 + "\n", "the project settings are not valid YAML"),
    ("name: !!python/object/apply:os.system ['touch {marker}']\n",
     "the project settings are not valid YAML"),
])
def test_hostile_settings_are_refused(project, qualcode, refused, settings, fragment):
    marker = project / "owned"
    config = project / "qualcode.yaml"
    config.write_text(settings.format(marker=marker), encoding="utf-8")
    result = qualcode("project", "check", "-p", project, seconds=10)
    refused(result, config, fragment)
    assert not marker.exists()


def test_damaged_database_is_refused(project, qualcode, refused):
    database = project / ".qualcode" / "project.db"
    database.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    result = qualcode("project", "check", "-p", project)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert str(database) in result.output
