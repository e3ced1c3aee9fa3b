"""Drawing charts in worker processes gives the same files as drawing them here."""

from __future__ import annotations

import pytest

from qualcode.errors import OutputError
from qualcode.report import drawing
from qualcode.report.drawing import ChartSpec, default_jobs, render_charts
from qualcode.report.results import chart_specs, write_results


def _no_pool(workers):
    raise AssertionError("no worker process should be started")


def test_workers_draw_the_same_bytes_in_the_same_order(analysis):
    specs = chart_specs(analysis)
    assert len(specs) >= 8 and "portraits/d1" in specs
    here = list(render_charts(specs, ("png", "svg"), jobs=1))
    there = list(render_charts(specs, ("png", "svg"), jobs=2))
    assert [name for name, _, _ in there] == list(specs)
    assert [(n, s.caption, r) for n, s, r in there] == [(n, s.caption, r) for n, s, r in here]
    assert all(r["png"].startswith(b"\x89PNG") and b"<svg" in r["svg"] for _, _, r in here)


def test_results_folders_are_byte_identical(tmp_path, analysis):
    one = tmp_path / "one"
    two = tmp_path / "two"
    write_results(analysis, one, jobs=1)
    write_results(analysis, two, jobs=2)
    charts = sorted(p.relative_to(one) for p in (one / "charts").rglob("*") if p.is_file())
    assert len(charts) == 2 * len(chart_specs(analysis))
    assert charts == sorted(p.relative_to(two) for p in (two / "charts").rglob("*")
                            if p.is_file())
    for name in charts:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    assert (one / "report.html").read_bytes() == (two / "report.html").read_bytes()


def test_only_the_asked_formats_are_written_and_the_report_still_has_svg(tmp_path, analysis):
    folder = tmp_path / "r"
    write_results(analysis, folder, portraits=False, formats=("png",), jobs=2)
    assert {p.suffix for p in (folder / "charts").iterdir()} == {".png"}
    assert "data:image/svg+xml;base64," in (folder / "report.html").read_text(encoding="utf-8")


def test_one_job_or_few_charts_stay_in_this_process(analysis, monkeypatch):
    monkeypatch.setattr(drawing, "_start_pool", _no_pool)
    specs = chart_specs(analysis)
    assert len(list(render_charts(specs, ("png",), jobs=1))) == len(specs)
    few = dict(list(specs.items())[:3])
    assert [n for n, _, _ in render_charts(few, ("png",), jobs=4)] == list(few)


def test_without_worker_processes_the_charts_are_drawn_here(analysis, monkeypatch):
    import multiprocessing

    class NoPool:
        def Pool(self, *args, **kwargs):
            raise OSError("no semaphores here")

    monkeypatch.setattr(multiprocessing, "get_context", lambda method: NoPool())
    specs = chart_specs(analysis, portraits=False)
    assert [n for n, _, _ in render_charts(specs, ("svg",), jobs=2)] == list(specs)


def test_a_bad_format_is_refused_before_any_drawing(analysis, monkeypatch):
    monkeypatch.setattr(drawing, "_start_pool", _no_pool)
    with pytest.raises(OutputError, match="unsupported chart format 'gif'"):
        next(render_charts(chart_specs(analysis), ("png", "gif"), jobs=2))


def test_a_spec_is_picklable_and_builds_its_figure(analysis):
    import pickle

    spec = chart_specs(analysis)["cooccurrence"]
    copy = pickle.loads(pickle.dumps(spec))
    assert isinstance(copy, ChartSpec) and copy.caption == "Code co-occurrence (segments)"
    assert copy.figure().axes


def test_default_jobs_is_bounded():
    assert 1 <= default_jobs() <= drawing.MAX_AUTO_JOBS
