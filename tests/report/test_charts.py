"""Charts: figures without pyplot, codebook colours, sizes that grow, no label overlap, `$`."""

from __future__ import annotations

import io

import matplotlib
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from qualcode.analysis.cooccurrence import cooccurrence
from qualcode.analysis.frequencies import code_frequencies
from qualcode.analysis.matrices import code_by_document
from qualcode.analysis.portrait import document_profile
from qualcode.errors import OutputError
from qualcode.model import Code, Codebook, Dimension
from qualcode.report.charts import (
    figure_bytes,
    frequency_chart,
    heatmap,
    network_chart,
    portrait_chart,
    save_figure,
    stacked_bars,
)

matplotlib.use("Agg")


def big_codebook(n: int = 35) -> Codebook:
    codes = tuple(Code(f"code_{i:02d}", dimension="role" if i < n // 2 else "stage",
                       labels={"en": f"A rather long code label number {i}"}) for i in range(n))
    return Codebook("big", "1", codes, dimensions=(Dimension("role"), Dimension("stage")))


def boxes_overlap(texts, renderer) -> list[tuple[str, str]]:
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts if t.get_text()]
    clashes = []
    for i, (name_a, a) in enumerate(boxes):
        for name_b, b in boxes[i + 1 :]:
            if a.overlaps(b):
                clashes.append((name_a, name_b))
    return clashes


def tick_labels(figure: Figure, axis: str):
    return list(getattr(figure.axes[0], f"get_{axis}ticklabels")())


def test_heatmap_with_35_rows_and_columns_has_no_overlapping_labels():
    book = big_codebook()
    ids = [c.id for c in book.codes]
    matrix = pd.DataFrame([[(i * j) % 5 for j in range(35)] for i in range(35)], index=ids,
                          columns=ids)
    figure = heatmap(matrix, codebook=book, title="35 x 35")
    figure.draw_without_rendering()
    renderer = figure.canvas.get_renderer()
    assert boxes_overlap(tick_labels(figure, "y"), renderer) == []
    assert boxes_overlap(tick_labels(figure, "x"), renderer) == []
    assert tick_labels(figure, "y")[0].get_text() == "A rather long code label number 0"
    small = heatmap(matrix.iloc[:3, :3], codebook=book)
    assert figure.get_size_inches()[1] > small.get_size_inches()[1]
    assert figure.get_size_inches()[0] > small.get_size_inches()[0]


def test_heatmap_leaves_undefined_percentages_blank(tiny):
    from qualcode.analysis.crosstab import code_by_attribute

    # d1's codings only: planning and the psikolog column are shares of nothing (NaN)
    codings = tiny.tiny_codings([r for r in tiny.ROWS if r[0] == "d1"])
    matrix = code_by_attribute(codings, "informant_role", measure="row_percent",
                               codebook=tiny.tiny_codebook(), segments=tiny.tiny_segments())
    assert matrix.isna().any().any()
    figure = heatmap(matrix)
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert "nan" not in texts and "100" in texts and "0" in texts
    assert figure.axes[0].images[0].get_clim() == (0.0, 100.0)


def test_a_dimension_heatmap_names_its_axes_by_the_dimensions_labels(tiny):
    from qualcode.analysis.cooccurrence import dimension_matrix

    book = tiny.tiny_codebook()  # role: Roles, stage: Stages
    matrix = dimension_matrix(tiny.tiny_codings(), "role", "stage", codebook=book)
    axes = heatmap(matrix, codebook=book).axes[0]
    assert (axes.get_ylabel(), axes.get_xlabel()) == ("Roles", "Stages")
    assert [t.get_text() for t in axes.get_yticklabels()] == ["Enabler", "Coordinator"]
    # an axis named like a dimension whose entries are not its codes keeps its name
    other = matrix.rename_axis(index="stage", columns="informant_role")
    axes = heatmap(other, codebook=book).axes[0]
    assert (axes.get_ylabel(), axes.get_xlabel()) == ("stage", "informant_role")
    axes = heatmap(matrix).axes[0]  # no codebook: the ids
    assert (axes.get_ylabel(), axes.get_xlabel()) == ("role", "stage")
    # a title wider than the chart (dimension labels are long) wraps instead of being cut off
    figure = heatmap(matrix, codebook=book, title="Case-manager role x Case-management stage "
                     "(co-occurrence in a segment)")
    figure.draw_without_rendering()
    title = figure.axes[0].title.get_window_extent(figure.canvas.get_renderer())
    assert figure.bbox.x0 <= title.x0 and title.x1 <= figure.bbox.x1


def test_frequency_bars_leave_out_undefined_percentages(tiny):
    # no case column: every cases_percent is 0 of 0 cases (NaN)
    codings = tiny.tiny_codings([("d1", 1, "enabler", ""), ("d2", 1, "planning", "")])
    freq = code_frequencies(codings.drop(columns=["case"]))
    assert freq["cases_percent"].isna().all()
    figure = frequency_chart(freq, value="cases_percent")
    figure_bytes(figure, "png", dpi=50)
    assert len(figure.axes[0].texts) == 0 and figure.axes[0].get_xlim() == (0.0, 1.0)
    shares = frequency_chart(freq, value="documents_percent")
    assert [t.get_text() for t in shares.axes[0].texts] == ["50", "50"]


def test_frequency_bars_group_by_dimension_without_overlap():
    book = big_codebook()
    rows = [("d1", i, c.id, "") for i, c in enumerate(book.codes)]
    codings = pd.DataFrame([{"document": d, "case": "A", "segment": s, "code": c}
                            for d, s, c, _ in rows])
    figure = frequency_chart(code_frequencies(codings, codebook=book), codebook=book)
    figure.draw_without_rendering()
    labels = tick_labels(figure, "y")
    assert len(labels) == 35 + 2                                 # two dimension headings
    assert labels[0].get_text() == "role" and labels[0].get_fontweight() == "bold"
    assert boxes_overlap(labels, figure.canvas.get_renderer()) == []


def test_portrait_with_35_codes_has_no_overlapping_labels():
    book = big_codebook()
    codings = pd.DataFrame([{"document": "d1", "segment": i, "code": c.id}
                            for i, c in enumerate(book.codes)])
    figure = portrait_chart(document_profile(codings, "d1", codebook=book), codebook=book,
                            interviewer=[i % 2 == 0 for i in range(35)])
    figure.draw_without_rendering()
    assert boxes_overlap(tick_labels(figure, "y"), figure.canvas.get_renderer()) == []


def test_portrait_draws_runs_of_turns_as_one_rectangle_per_run():
    from qualcode.report.charts.portrait import _runs

    assert _runs([]) == [] and _runs([3]) == [(3, 1)]
    assert _runs([0, 1, 2, 5, 7, 8]) == [(0, 3), (5, 1), (7, 2)]
    turns = 4000  # a long focus group: one collection per code, not a patch per turn
    codings = pd.DataFrame([{"document": "d", "segment": i, "code": "a" if i % 3 else "b"}
                            for i in range(1, turns, 2)] + [{"document": "d", "segment": 2,
                                                             "code": "a"}])
    profile = document_profile(codings, "d")
    figure = portrait_chart(profile, interviewer=[i % 2 == 0 for i in range(turns)])
    axes = figure.axes[0]
    assert len(axes.patches) == 0 and len(axes.collections) == 3  # shading, a, b
    shading, *rows = axes.collections
    assert len(shading.get_paths()) == turns // 2
    hits = {code: int(profile.loc[code].astype(bool).sum()) for code in ("a", "b")}
    # turns 1 and 2 of code a are neighbours: one rectangle; every other hit has its own
    assert sorted(len(c.get_paths()) for c in rows) == sorted([hits["b"], hits["a"] - 1])


def test_frequency_chart_names_the_values_it_can_plot(tiny):
    from qualcode.errors import AnalysisError

    frequencies = code_frequencies(tiny.tiny_codings())
    with pytest.raises(AnalysisError, match="cannot plot 'bogus': valid values are codings, "
                                            "segments, documents, documents_percent, cases, "
                                            "cases_percent") as caught:
        frequency_chart(frequencies, value="bogus")
    assert caught.value.hint == "pass value='codings'"
    with pytest.raises(AnalysisError, match="cannot plot 'label'"):
        frequency_chart(frequencies, value="label")
    with pytest.raises(AnalysisError, match="the frequencies table has no dimension column"):
        frequency_chart(frequencies.drop(columns="dimension"))
    as_text = frequencies.astype(str)  # as read back from a CSV file
    assert isinstance(frequency_chart(as_text, value="documents"), Figure)


@pytest.mark.parametrize(("draw", "note"), [
    (lambda: heatmap(pd.DataFrame(index=["enabler"], columns=[], dtype=float)),
     "nothing to show: the table is empty"),
    (lambda: frequency_chart(code_frequencies(pd.DataFrame(
        columns=["document", "case", "segment", "code"]))), "nothing to show: no codings"),
    (lambda: network_chart(pd.DataFrame([[0]], index=["a"], columns=["a"])),
     "nothing to show: no codings"),
    (lambda: stacked_bars(pd.DataFrame(dtype=float)), "nothing to show: the table is empty"),
    (lambda: portrait_chart(pd.DataFrame(dtype=int)),
     "nothing to show: no codings in this document"),
])
def test_empty_tables_give_a_note_not_a_broken_chart(recwarn, draw, note):
    figure = draw()
    figure_bytes(figure, "png")
    figure_bytes(figure, "svg")
    assert [t.get_text() for t in figure.axes[0].texts] == [note]
    assert not [w for w in recwarn if issubclass(w.category, UserWarning)]


def test_colours_come_from_the_codebook(tiny):
    book = tiny.tiny_codebook()
    figure = frequency_chart(code_frequencies(tiny.tiny_codings(), codebook=book),
                             codebook=book)
    bars = figure.axes[0].patches
    assert to_hex(bars[0].get_facecolor()) == "#1b9e77"          # enabler
    assert to_hex(bars[1].get_facecolor()) == "#d95f02"          # coordinator
    # children without a colour take their parent's
    assert to_hex(bars[5].get_facecolor()) == "#7570b3"          # caseload
    split = pd.DataFrame({"obstacle_internal": [3, 0], "obstacle_external": [0, 1]},
                         index=pd.Index(["manajer_kasus", "psikolog"], name="informant_role"))
    stacked = stacked_bars(split, codebook=book)
    legend = [t.get_text() for t in stacked.axes[0].get_legend().get_texts()]
    assert legend == ["Internal", "External"]
    assert to_hex(stacked.axes[0].patches[0].get_facecolor()) == "#7570b3"


def test_network_and_other_charts_draw(tiny):
    book = tiny.tiny_codebook()
    matrix = cooccurrence(tiny.tiny_codings(), codebook=book)
    figure = network_chart(matrix, codebook=book, title="network")
    labels = [t.get_text() for t in figure.axes[0].texts]
    assert "Internal" not in labels                              # uncoded codes left out
    assert "Enabler" in labels
    assert len(figure.axes[0].lines) == 5                        # the five co-occurring pairs
    assert isinstance(heatmap(code_by_document(tiny.tiny_codings())), Figure)


def test_dollar_signs_never_start_mathtext():
    matrix = pd.DataFrame([[1, 2]], index=[r"cost $\frac{1"], columns=["$a$", "b $ c"])
    matrix.index.name = "$$"
    figure = heatmap(matrix, title="Rp 10$ and $x_2$")
    figure.draw_without_rendering()                              # bad mathtext would raise
    labels = [t.get_text() for t in tick_labels(figure, "y") + tick_labels(figure, "x")]
    assert labels == [r"cost \$\frac{1", r"\$a\$", r"b \$ c"]
    assert figure.axes[0].get_title() == r"Rp 10\$ and \$x_2\$"
    data = figure_bytes(figure, "png")
    assert data.startswith(b"\x89PNG")


def test_save_png_and_svg_at_150_dpi(tmp_path, tiny):
    figure = heatmap(code_by_document(tiny.tiny_codings()))
    written = save_figure(figure, tmp_path / "charts" / "matrix")
    assert [p.name for p in written] == ["matrix.png", "matrix.svg"]
    png = written[0].read_bytes()
    width = int.from_bytes(png[16:20], "big")
    assert width == round(figure.get_size_inches()[0] * 150)
    svg = written[1].read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "<dc:date>" not in svg                                 # reproducible
    with pytest.raises(OutputError, match="unsupported chart format 'gif'"):
        figure_bytes(figure, "gif")


def test_save_figure_refuses_a_folder_instead_of_writing_beside_it(tmp_path, tiny):
    figure = heatmap(code_by_document(tiny.tiny_codings()))
    (tmp_path / "rep").mkdir()
    with pytest.raises(OutputError, match="this is a folder: give a file name") as caught:
        save_figure(figure, tmp_path / "rep")
    assert caught.value.path == str(tmp_path / "rep")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rep"]
    assert [p.name for p in save_figure(figure, tmp_path / "rep" / "matrix",
                                        formats=("png",))] == ["matrix.png"]


def test_formats_share_the_layout_of_the_first_rendering(tiny):
    from qualcode.report.charts import freeze_layout, render_figure

    matrix = code_by_document(tiny.tiny_codings())
    figure = heatmap(matrix)
    rendered = render_figure(figure, ("png", "svg", "pdf"))
    assert list(rendered) == ["png", "svg", "pdf"] and rendered["png"][:4] == b"\x89PNG"
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    assert not isinstance(figure.get_layout_engine(), ConstrainedLayoutEngine)  # laid out once
    reference = freeze_layout(heatmap(matrix))  # a layout pass of its own, as before
    for laid, kept in zip(reference.axes, figure.axes, strict=True):
        assert laid.get_position().bounds == pytest.approx(kept.get_position().bounds,
                                                           abs=0.01)
    again = render_figure(heatmap(matrix), ("png", "svg", "pdf"))
    assert again == rendered  # byte for byte: the same inputs give the same files
    with pytest.raises(OutputError, match="unsupported chart format"):
        render_figure(heatmap(matrix), ("png", "gif"))


def test_charts_do_not_need_pyplot():
    buffer = io.BytesIO()
    heatmap(pd.DataFrame([[1]], index=["a"], columns=["b"])).savefig(buffer, format="png")
    assert buffer.getvalue()


def test_a_chart_too_large_for_its_dpi_is_an_output_error(tiny):
    from qualcode.errors import OutputError
    from qualcode.report.charts import figure_bytes

    matrix = code_by_document(tiny.tiny_codings())
    with pytest.raises(OutputError, match="too large to draw at 100000 dpi"):
        figure_bytes(heatmap(matrix), "png", dpi=100_000)
