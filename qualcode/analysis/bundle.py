"""Every analysis of a codings table at once, as named tables for the exporters."""

from __future__ import annotations

import copy
from collections.abc import ItemsView, Iterable, Mapping, Sequence, ValuesView
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from qualcode.analysis.checks import check_codebook, check_table
from qualcode.analysis.codetree import TableCodebook
from qualcode.analysis.cooccurrence import cooccurrence, cooccurrence_table, dimension_matrix
from qualcode.analysis.crosstab import attribute_crosstab, attribute_values, code_by_attribute
from qualcode.analysis.frequencies import code_frequencies
from qualcode.analysis.matrices import code_by_case, code_by_document
from qualcode.analysis.order import code_order, known_dimensions
from qualcode.analysis.portrait import document_profiles
from qualcode.analysis.quotes import code_quotes, representative_quotes
from qualcode.analysis.rollup import roll_up, sort_codings
from qualcode.analysis.theme import theme_table
from qualcode.arguments import as_names
from qualcode.errors import AnalysisError, Issue
from qualcode.model import Codebook, FrozenMap

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DEFAULT_ATTRIBUTES", "DEFAULT_PAIRS", "Analysis", "AnalysisOptions", "Provenance",
           "analyze_codings", "check_label_language", "quotable"]

DEFAULT_ATTRIBUTES = ("informant_role",)
DEFAULT_PAIRS = (("role", "stage"),)
DEFAULT_OBSTACLES = ("obstacle_internal", "obstacle_external")

# The built-in matrices: a crosstab of an attribute is written as code_by_<attribute>, so these
# attribute names would replace one of them.
_BUILT_IN = {"document": "code_by_document", "document_presence": "code_by_document_presence",
             "case": "code_by_case", "case_presence": "code_by_case_presence"}


def _check_attribute_names(names: tuple[str, ...]) -> None:
    """Refuse an attribute whose crosstab (``code_by_<name>``) would replace a built-in matrix:
    ``case`` and ``document`` are the units of the code x case and code x document matrices,
    not case attributes."""
    for name in names:
        table = _BUILT_IN.get(name)
        if table is None:
            continue
        unit = name.split("_", 1)[0]
        raise AnalysisError(
            f"attribute {name!r} would be crosstabbed into {table}, the name of the built-in "
            f"code x {unit} matrix, and replace it; {unit} is not a case attribute",
            hint=f"drop -a {name}: code_by_{unit}.csv already counts codes by {unit} "
            f"(code_by_{unit}_presence.csv marks presence); for percentages too, run "
            f"'qualcode matrix CODINGS -k crosstab -a {unit}'")


@dataclass(frozen=True, slots=True)
class AnalysisOptions:
    """What :func:`analyze_codings` computes.

    Attributes:
        attributes: Case/document attributes (one or several) to crosstab codes with, each
            written as ``code_by_<attribute>``. ``None``: the defaults (``informant_role``),
            skipped when the data lacks them; named ones must exist. ``case`` and ``document``
            are refused: ``code_by_case`` and ``code_by_document`` are the built-in matrices.
        pairs: Dimension pairs for dimension matrices (rows, columns): one pair or several.
            ``None``: role x stage when the codebook has both; named ones must exist.
        window: Extra co-occurrence window in segments (0: same segment only).
        roll_up: Count child codes for their parents in matrices, frequencies, crosstabs,
            quotes, the theme table and the document profiles (portraits); co-occurrence
            always uses the codes as coded.
        quotes_per_code: Representative quotes per code.
        context: Segments of context before and after each quote.
        language: Language of labels and definitions (default: the codebook's first); with a
            codebook, one of its languages.
        obstacles: The two codes compared per informant type in the obstacle chart.

    Raises:
        AnalysisError: If ``attributes`` or ``obstacles`` are not names, ``pairs`` not
            pairs of names, or an attribute is ``case`` or ``document`` (or their
            ``_presence``): its crosstab would be named like a built-in matrix.
    """

    attributes: tuple[str, ...] | None = None
    pairs: tuple[tuple[str, str], ...] | None = None
    window: int = 0
    roll_up: bool = True
    quotes_per_code: int = 3
    context: int = 1
    language: str | None = None
    obstacles: tuple[str, ...] = DEFAULT_OBSTACLES

    def __post_init__(self) -> None:
        # one name is one attribute, not a list of letters; lists become tuples (hashable)
        if self.attributes is not None:
            object.__setattr__(self, "attributes",
                               as_names(self.attributes, "attributes", AnalysisError))
            _check_attribute_names(self.attributes)
        object.__setattr__(self, "pairs", _dimension_pairs(self.pairs))
        object.__setattr__(self, "obstacles", as_names(self.obstacles, "obstacles",
                                                       AnalysisError))


def _dimension_pairs(value: Any) -> tuple[tuple[str, str], ...] | None:
    """``pairs`` as a tuple of (rows, columns) pairs: one pair ``("role", "stage")`` or several."""
    if value is None:
        return None
    hint = "pass pairs=[('role', 'stage')] or one pair ('role', 'stage')"
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise AnalysisError(f"pairs must be pairs of dimensions (rows, columns), not "
                            f"{type(value).__name__} {value!r}", hint=hint)
    items = list(value)
    if len(items) == 2 and all(isinstance(v, str) for v in items):
        items = [tuple(items)]  # one pair
    pairs = []
    for item in items:
        names = () if isinstance(item, str) else as_names(item, "pairs", AnalysisError)
        if len(names) != 2:
            raise AnalysisError(f"each of pairs must name two dimensions (rows, columns), not "
                                f"{item!r}", hint=hint)
        pairs.append((names[0], names[1]))
    return tuple(pairs)


class Provenance(FrozenMap):
    """The provenance of an :class:`Analysis`: a read-only mapping that hands out copies.

    Items cannot be set or deleted, and every value read (``[]``, ``get``, ``values()``,
    ``items()``, ``dict(...)``) is a deep copy, so changing a list or dict read from it changes
    nothing in the analysis: what :func:`qualcode.write_results` writes stays what the
    pipeline recorded. The data given is copied too.

    Args:
        data: The items (JSON-ready, as :func:`qualcode.build_provenance` makes them).
    """

    __slots__ = ()

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        super().__init__(copy.deepcopy(dict(data or {})))

    def __getitem__(self, key: Any) -> Any:
        return copy.deepcopy(self._data[key])

    def get(self, key: Any, default: Any = None) -> Any:
        return self[key] if key in self._data else default

    def values(self) -> ValuesView[Any]:
        return ValuesView(self)

    def items(self) -> ItemsView[Any, Any]:
        return ItemsView(self)

    def __repr__(self) -> str:
        return f"Provenance({self._data!r})"


@dataclass(frozen=True, slots=True)
class Analysis:
    """The outputs of :func:`analyze_codings`.

    Attributes:
        codings: The codings table as given (sorted by document, segment, codebook order).
        segments: The segments table, if given.
        codebook: The codebook, if given.
        tables: Output name -> table, in writing order (``codings``, ``segments``,
            ``frequencies``, ``code_by_document`` ...). Matrices are indexed by code id.
        theme: The theme table (:func:`qualcode.analysis.theme.theme_table`).
        representative: The representative quotes.
        obstacles: Attribute values x obstacle codes (counts), or ``None`` when not available.
        profiles: Document id -> code x segment profile, for documents with codings (rolled
            up as the matrices are, with ``options.roll_up``).
        options: The options used.
        attribute: The attribute used for the obstacle table (first crosstabbed one), or ``""``.
        provenance: How the inputs were made (filled in by :func:`qualcode.pipeline.analyze`),
            read-only: a :class:`Provenance`, whose values are copies (a mapping given is
            copied into one).
        warnings: What was odd in the inputs (filled in by :mod:`qualcode.pipeline`; also in
            the provenance).
    """

    codings: pd.DataFrame
    segments: pd.DataFrame | None
    codebook: Codebook | None
    tables: Mapping[str, pd.DataFrame]
    theme: pd.DataFrame
    representative: pd.DataFrame
    obstacles: pd.DataFrame | None = None
    profiles: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    options: AnalysisOptions = field(default_factory=AnalysisOptions)
    attribute: str = ""
    provenance: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple[Issue, ...] = ()

    def __post_init__(self) -> None:
        # read-only like the tables: what write_results writes cannot be changed on the way
        if not isinstance(self.provenance, Provenance):
            object.__setattr__(self, "provenance", Provenance(self.provenance))
        for name in ("tables", "profiles"):
            if not isinstance(getattr(self, name), FrozenMap):
                object.__setattr__(self, name, FrozenMap(getattr(self, name)))

    def __repr__(self) -> str:
        # the tables hold every quote: a repr of them runs to hundreds of thousands of characters
        book = (f", codebook={self.codebook.name!r} {self.codebook.version}"
                if self.codebook is not None else "")
        segments = f", {len(self.segments)} segments" if self.segments is not None else ""
        return (f"Analysis({len(self.tables)} tables, {len(self.codings)} codings{segments}"
                f"{book}, {len(self.warnings)} warnings)")

    def top_codes(self, n: int = 5) -> list[tuple[str, int]]:
        """The ``n`` most frequent codes (codings) with their counts, ties in codebook order."""
        freq = self.tables["frequencies"]
        ranked = sorted(zip(freq["code"], freq["codings"], strict=True),
                        key=lambda item: -int(item[1]))
        return [(str(c), int(k)) for c, k in ranked[:n] if int(k) > 0]


def quotable(quotes: pd.DataFrame) -> pd.DataFrame:
    """The rows of a quotes table that can be quoted: those whose ``text`` is not empty or
    blank. A hand coding without text (a CSV with an empty ``text`` cell, no segments table to
    take it from) counts in every matrix but would print as an empty quote, so it is never
    picked as a representative one. A table without ``text`` is returned as it is."""
    if "text" not in quotes.columns or not len(quotes):
        return quotes
    text = quotes["text"].astype("string").fillna("").str.strip()
    return quotes[(text != "").to_numpy(dtype=bool)]


def check_label_language(codebook: Codebook | None, language: str | None) -> None:
    """Refuse a language of the labels (``AnalysisOptions(language=)``, ``--label-language``)
    that ``codebook`` has no labels in: its labels would silently be the first language's.
    Nothing to check without a language or a codebook, or with a codebook derived from a
    codings table (:class:`~qualcode.analysis.codetree.TableCodebook`), whose labels are the
    code ids in every language.

    Raises:
        AnalysisError: If ``language`` is not one of ``codebook.languages``.
    """
    if not language or codebook is None or isinstance(codebook, TableCodebook) or \
            language in codebook.languages:
        return
    raise AnalysisError(f"the codebook has no labels in {language!r}",
                        hint=f"choose one of its languages: {', '.join(codebook.languages)}")


def _has_attribute(codings: pd.DataFrame, segments: pd.DataFrame | None, name: str) -> bool:
    try:
        values = attribute_values(codings, name, segments)
    except AnalysisError:
        return False
    return bool((values != "").any())


def analyze_codings(
    codings: pd.DataFrame,
    *,
    segments: pd.DataFrame | None = None,
    codebook: Codebook | None = None,
    cases: str | Sequence[str] | None = None,
    options: AnalysisOptions | None = None,
) -> Analysis:
    """Compute every table: matrices, crosstabs, co-occurrence, frequencies, quotes, theme.

    Args:
        codings: The codings table.
        segments: The segments table (corpus order, context, document attributes).
        codebook: Order, labels, hierarchy and dimensions.
        cases: Case ids in the order wanted (e.g. the cases table's), one or several.
        options: What to compute.

    Returns:
        The :class:`Analysis`.

    Raises:
        AnalysisError: If a named attribute, dimension or case does not exist, the window
            is negative, or the codebook has no labels in the language asked for.
        CodingsError: If the codings table lacks a needed column.
    """
    check_table(codings, "codings")
    check_table(segments, "segments", optional=True)
    check_codebook(codebook)
    options = options or AnalysisOptions()
    cases = as_names(cases, "cases", AnalysisError)
    if options.window < 0:
        raise AnalysisError(f"the co-occurrence window must be 0 or more, not {options.window}",
                            hint="use --window 0 for the same segment only")
    language = options.language or (codebook.languages[0] if codebook and codebook.languages
                                    else None)
    check_label_language(codebook, options.language)
    codings = sort_codings(codings, codebook=codebook, segments=segments)
    counted = roll_up(codings, codebook, segments=segments) if options.roll_up else codings
    common: dict[str, Any] = {"codebook": codebook, "segments": segments}
    tables: dict[str, pd.DataFrame] = {"codings": codings}
    if segments is not None:
        tables["segments"] = segments
    tables["frequencies"] = code_frequencies(counted, cases=cases, language=language, **common)
    tables["code_by_document"] = code_by_document(counted, **common)
    tables["code_by_document_presence"] = code_by_document(counted, presence=True, **common)
    tables["code_by_case"] = code_by_case(counted, cases=cases, **common)
    tables["code_by_case_presence"] = code_by_case(counted, cases=cases, presence=True, **common)

    attributes = options.attributes
    if attributes is None:
        attributes = tuple(a for a in DEFAULT_ATTRIBUTES if _has_attribute(counted, segments, a))
    for name in attributes:
        tables[f"code_by_{name}"] = attribute_crosstab(counted, name, **common)

    tables["cooccurrence"] = cooccurrence_table(codings, codebook=codebook)
    tables["cooccurrence_matrix"] = cooccurrence(codings, codebook=codebook)
    if options.window > 0:
        tables[f"cooccurrence_window_{options.window}"] = cooccurrence_table(
            codings, window=options.window, codebook=codebook)

    pairs = options.pairs
    if pairs is None:
        dims = known_dimensions(codings, codebook)
        pairs = tuple(p for p in DEFAULT_PAIRS if p[0] in dims and p[1] in dims)
    for rows, columns in pairs:
        if f"{rows}_by_{columns}" in _BUILT_IN.values():  # a dimension named "code"
            raise AnalysisError(
                f"the dimension matrix {rows}_by_{columns} would replace the built-in matrix of "
                "that name", hint="rename the codebook's dimension 'code'")
        tables[f"{rows}_by_{columns}"] = dimension_matrix(codings, rows, columns,
                                                          codebook=codebook)
        if options.window > 0:
            tables[f"{rows}_by_{columns}_window_{options.window}"] = dimension_matrix(
                codings, rows, columns, codebook=codebook, window=options.window)

    quotes = code_quotes(counted, segments, codebook=codebook, context=options.context,
                         language=language)
    representative = representative_quotes(quotable(quotes), per_code=options.quotes_per_code)
    tables["quotes"] = quotes
    tables["representative_quotes"] = representative
    theme = theme_table(counted, cases=cases, language=language, **common)
    tables["theme_table"] = theme

    obstacles = None
    attribute = attributes[0] if attributes else ""
    wanted = [c for c in options.obstacles if c in code_order(counted, codebook)]
    if attribute and len(wanted) == len(options.obstacles) and wanted:
        table = code_by_attribute(counted, attribute, **common).loc[wanted].T
        table.index.name = attribute
        obstacles = table
    profiles = document_profiles(counted, segments=segments, codebook=codebook)
    return Analysis(codings, segments, codebook, FrozenMap(tables), theme,
                    representative, obstacles, FrozenMap(profiles), options, attribute)
