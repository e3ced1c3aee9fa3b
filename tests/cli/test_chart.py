"""``qualcode chart``: one chart from a saved codings table."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from qualcode.cli.app import app
from qualcode.report.tabular import write_csv


@pytest.fixture
def files(tmp_path, tiny):
    write_csv(tiny.tiny_codings(), tmp_path / "hand.csv")
    write_csv(tiny.tiny_segments(), tmp_path / "segments.csv")
    (tmp_path / "tiny.yaml").write_text(tiny.TINY_YAML, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("kind", "suffix", "extra"), [
    ("frequencies", "png", []),
    ("code-by-case", "svg", []),
    ("dimension", "png", []),
    ("network", "svg", []),
    ("obstacles", "png", []),
    ("portrait", "png", ["--document", "d1", "--segments"]),
])
def test_each_kind_writes_an_image(files, kind, suffix, extra):
    target = files / f"{kind}.{suffix}"
    args = ["chart", str(files / "hand.csv"), "--kind", kind, "-c", str(files / "tiny.yaml"),
            "-o", str(target), *extra]
    if extra and extra[-1] == "--segments":
        args.append(str(files / "segments.csv"))
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == "png" else b"<svg" in data


def test_errors(files):
    runner = CliRunner()
    base = ["chart", str(files / "hand.csv")]
    result = runner.invoke(app, [*base, "-o", str(files / "x.gif")])
    assert result.exit_code == 2 and "this command writes .png, .svg or .pdf files" in \
        " ".join(result.output.split())
    result = runner.invoke(app, [*base, "--kind", "portrait", "-o", str(files / "p.png")])
    assert result.exit_code == 2 and "a portrait needs --document ID" in result.output
    result = runner.invoke(app, [*base, "--kind", "portrait", "-d", "zz", "-o",
                                 str(files / "p.png")])
    assert result.exit_code == 1 and "unknown document 'zz'" in result.output
    result = runner.invoke(app, [*base, "--kind", "pie", "-o", str(files / "p.png")])
    assert result.exit_code == 2 and "unknown kind 'pie'" in result.output
    assert not (files / "p.png").exists()


def test_obstacles_without_the_attribute_explains_the_default(tmp_path):
    from typer.testing import CliRunner

    from qualcode.cli.app import app

    table = tmp_path / "c.csv"
    table.write_text("document,segment,start,end,code\nd,0,0,5,obstacle_internal\n"
                     "d,1,5,9,obstacle_external\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["chart", str(table), "-k", "obstacles", "-o",
                                      str(tmp_path / "o.png")])
    assert result.exit_code == 1
    assert "(-a, default informant_role); unknown attribute 'informant_role'" in result.stderr


def _bilingual(book):
    """The tiny codebook with Indonesian labels first (the default) and the English ones, of
    its codes and its dimensions."""
    import dataclasses

    codes = tuple(dataclasses.replace(code, labels={"id": f"ID {code.label('en')}",
                                                    **code.labels}) for code in book.codes)
    dimensions = tuple(dataclasses.replace(dim, labels={"id": f"ID {dim.label('en')}",
                                                        **dim.labels})
                       for dim in book.dimensions)
    return dataclasses.replace(book, codes=codes, dimensions=dimensions, languages=("id", "en"))


# analyze's chart (file stem in charts/) -> the same chart of qualcode chart
_SAME_CHART = {
    "code_frequencies": ("frequencies", {}),
    "code_by_document": ("code-by-document", {}),
    "code_by_case": ("code-by-case", {}),
    "code_by_informant_role": ("code-by-attribute", {}),
    "role_by_stage": ("dimension", {}),
    "cooccurrence": ("cooccurrence", {}),
    "cooccurrence_network": ("network", {}),
    "obstacles_by_informant_role": ("obstacles", {}),
    "portraits/d1": ("portrait", {"document": "d1"}),
    "portraits/d2": ("portrait", {"document": "d2"}),
}


@pytest.mark.parametrize(("roll_up", "language"), [(True, None), (False, None), (True, "en")])
def test_a_chart_is_the_one_analyze_draws(tiny, roll_up, language):
    # same roll-up, labels, colours and title: the same bytes
    from qualcode.analysis.bundle import AnalysisOptions, analyze_codings
    from qualcode.cli.chart import draw_chart
    from qualcode.report.charts import figure_bytes
    from qualcode.report.results import chart_specs

    codings, segments = tiny.tiny_codings(), tiny.tiny_segments()
    book = _bilingual(tiny.tiny_codebook())
    analysis = analyze_codings(codings, segments=segments, codebook=book,
                               options=AnalysisOptions(roll_up=roll_up, language=language))
    specs = chart_specs(analysis)
    assert set(_SAME_CHART) <= set(specs)
    # the dimension chart names its dimensions by their labels, as it names its codes
    prefix = "" if language == "en" else "ID "
    assert specs["role_by_stage"].kwargs["title"] == \
        f"{prefix}Roles x {prefix}Stages (co-occurrence in a segment)"
    for stem, (kind, extra) in _SAME_CHART.items():
        drawn = draw_chart(kind, codings, segments=segments, codebook=book, roll_up=roll_up,
                           language=language, **extra)
        assert drawn.axes[0].get_title() == specs[stem].kwargs["title"], kind
        assert figure_bytes(drawn, "svg") == figure_bytes(specs[stem].figure(), "svg"), kind


def test_default_titles_name_the_chart(tiny):
    from qualcode.errors import OutputError
    from qualcode.report.charts import CHART_KINDS, chart_title

    titles = {kind: chart_title(kind, document="mk01-rina") for kind in CHART_KINDS}
    assert titles == {
        "frequencies": "Code frequencies",
        "code-by-document": "Codes x documents (codings)",
        "code-by-case": "Codes x cases (codings)",
        "code-by-attribute": "Codes x informant_role (codings)",
        "dimension": "role x stage (co-occurrence in a segment)",
        "cooccurrence": "Code co-occurrence (segments)",
        "network": "Co-occurrence network",
        "obstacles": "Obstacles by informant_role",
        "portrait": "mk01-rina",
    }
    assert chart_title("dimension", rows="stage", columns="role", window=2) == \
        "stage x role (co-occurrence within 2 segments)"
    assert chart_title("cooccurrence", window=1) == "Code co-occurrence (within 1 segment)"
    # with a codebook, the dimensions' labels (an undeclared one keeps its id)
    book = _bilingual(tiny.tiny_codebook())
    assert chart_title("dimension", codebook=book) == \
        "ID Roles x ID Stages (co-occurrence in a segment)"
    assert chart_title("dimension", columns="phase", codebook=book, language="en") == \
        "Roles x phase (co-occurrence in a segment)"
    with pytest.raises(OutputError, match="unknown chart kind 'pie'"):
        chart_title("pie")


def test_each_heatmap_has_one_colour_map():
    # chart and analyze take their heatmaps' colours from here
    from qualcode.errors import OutputError
    from qualcode.report.charts import CHART_KINDS, HEATMAP_KINDS, chart_cmap

    assert set(HEATMAP_KINDS) <= set(CHART_KINDS)
    assert {kind: chart_cmap(kind) for kind in HEATMAP_KINDS} == {
        "code-by-document": "Blues", "code-by-case": "Blues", "code-by-attribute": "Blues",
        "dimension": "Greens", "cooccurrence": "Purples",
    }
    with pytest.raises(OutputError, match="'network' is not a heatmap"):
        chart_cmap("network")


def test_label_language_and_title(files):
    # the labels were always the codebook's first language's, the title the kind's name; then
    # the codes were labels in the chosen language but the dimensions (title, axis names) ids
    yaml = files / "tiny.yaml"
    text = yaml.read_text(encoding="utf-8").replace("languages: [en]", "languages: [id, en]")
    text = text.replace("label: {en: Roles}", "label: {id: Peran, en: Roles}")
    yaml.write_text(text.replace("label: {en: Enabler}", "label: {id: Pemungkin, en: Enabler}"),
                    encoding="utf-8")
    runner = CliRunner()
    base = ["chart", str(files / "hand.csv"), "-c", str(yaml), "--segments",
            str(files / "segments.csv"), "--kind", "dimension"]
    for language, label, role in ((None, "Pemungkin", "Peran"), ("en", "Enabler", "Roles"),
                                  ("id", "Pemungkin", "Peran")):
        out = files / f"dimension-{language}.svg"
        chosen = ["--label-language", language] if language else []
        result = runner.invoke(app, [*base, *chosen, "-o", str(out)])
        assert result.exit_code == 0, result.output
        svg = out.read_text(encoding="utf-8")
        assert f"<!-- {label} -->" in svg, language
        assert f"<!-- {role} x Stages (co-occurrence in a segment) -->" in svg, language
        # the axes are named by the dimensions' labels too (stage has only an English one)
        assert f"<!-- {role} -->" in svg and "<!-- Stages -->" in svg, language
        assert "<!-- role -->" not in svg and "<!-- stage -->" not in svg, language
    out = files / "titled.svg"
    result = runner.invoke(app, [*base, "--title", "Roles by stage", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "<!-- Roles by stage -->" in out.read_text(encoding="utf-8")
    # as analyze and export: a usage error before the codings table is read
    out = files / "fr.svg"
    result = runner.invoke(app, ["chart", str(files / "no-such-table.csv"), "-c", str(yaml),
                                 "--label-language", "fr", "-o", str(out)])
    assert result.exit_code == 2, result.output
    message = " ".join(result.output.split())
    assert "the codebook has no labels in 'fr'" in message
    assert "one of its languages: id, en" in message
    assert not out.exists()
