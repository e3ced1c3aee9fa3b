"""The data model: documents, segments, cases, corpora, codebooks and codings.

Everything here is a frozen dataclass with no I/O. Offsets are code-point offsets into a document's
normalised text (NFC, ``\\n`` newlines, Latin ligatures spelled out, no BOM), half-open
``[start, end)``, and ``document.text[segment.start:segment.end] == segment.text`` always holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from qualcode.frozen import FrozenMap, frozen_mapping

__all__ = [
    "INTERVIEWER",
    "PARTICIPANT",
    "TABLE_FORMATS",
    "UNITS",
    "Case",
    "Code",
    "Codebook",
    "Coding",
    "Corpus",
    "Dimension",
    "Document",
    "FrozenMap",
    "Rule",
    "Segment",
    "Turn",
    "frozen_mapping",
]

UNITS = ("turn", "paragraph", "sentence", "document")
"""The segmentation units, from the default (turn) to the coarsest."""

TABLE_FORMATS = ("csv", "xlsx")
"""Formats of documents that are one row of a response table (a survey answer, say): a
document of these formats is one answer, a single turn unless speaker labels cut it."""

INTERVIEWER = "interviewer"
PARTICIPANT = "participant"


# The reprs of the model name what an object is and how big, not all it holds: a corpus or a
# codebook printed whole (in a notebook, a traceback, a log) would be hundreds of thousands of
# characters.
_SHOWN = 60  # characters of a long text shown in a repr


def _many(count: int, noun: str) -> str:
    """``1 code``, ``12 codes``, ``1,234 codes``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _short(text: str) -> str:
    """``text`` in a repr: whole when short, else its length and its beginning."""
    if len(text) <= _SHOWN:
        return repr(text)
    return f"<{_many(len(text), 'character')}: {text[:_SHOWN - 1]!r}…>"


def _fields(name: str, parts: Iterable[str]) -> str:
    return f"{name}({', '.join(parts)})"


@dataclass(frozen=True, slots=True)
class Turn:
    """A speaker turn that a reader found from the file's structure.

    Readers of structured formats (docx bold speaker runs, vtt voice tags) report turns directly;
    plain-text readers leave them to :mod:`qualcode.segment.turns`.

    Attributes:
        start: Offset of the first character of the utterance (after any label).
        end: Offset one past its last character.
        speaker: The speaker label as written, or ``None`` when unknown.
        attributes: Extra facts such as ``{"begin": "00:01:02.000", "end": ...}``.
    """

    start: int
    end: int
    speaker: str | None = None
    attributes: Mapping[str, Any] = field(default_factory=frozen_mapping)


@dataclass(frozen=True, slots=True, repr=False)
class Document:
    """One source text, normalised once at load.

    Attributes:
        id: Stable identifier: the file name without suffix unless front matter gives ``id:``.
        text: Normalised text (NFC, ``\\n`` newlines, Latin ligatures spelled out, no BOM, no
            front matter; a document imported from REFI-QDA keeps its ligatures, as the other
            program's positions count them).
        source: Path of the file it came from, as given (``""`` if built in memory).
        format: Reader that produced it (``txt``, ``md``, ``docx``, ``vtt``, ``srt``, ``csv``,
            ``xlsx``, ``pdf``).
        attributes: Front matter or table columns (``case``, ``language``, ``informant_role`` ...).
        turns: Speaker turns known from the file's structure, or ``None`` to parse from the text.
        offset: For documents taken from part of a file (front matter removed), the code-point
            offset of ``text[0]`` in the decoded file, so positions can be mapped back.
    """

    id: str
    text: str
    source: str = ""
    format: str = "txt"
    attributes: Mapping[str, Any] = field(default_factory=frozen_mapping)
    turns: tuple[Turn, ...] | None = None
    offset: int = 0

    @property
    def case(self) -> str | None:
        """The case (informant) this document belongs to, if any."""
        value = self.attributes.get("case")
        return None if value in (None, "") else str(value)

    @property
    def language(self) -> str | None:
        """The declared language code (``id``, ``en`` ...), if any."""
        value = self.attributes.get("language")
        return None if value in (None, "") else str(value)

    def line_of(self, offset: int) -> int:
        """Return the 1-based line number of ``offset`` within :attr:`text`."""
        return self.text.count("\n", 0, offset) + 1

    def __repr__(self) -> str:
        parts = [f"id={self.id!r}", f"text=<{_many(len(self.text), 'character')}>",
                 f"source={self.source!r}", f"format={self.format!r}"]
        if self.case is not None:
            parts.append(f"case={self.case!r}")
        if self.attributes:
            parts.append(f"attributes=<{_many(len(self.attributes), 'key')}>")
        if self.turns is not None:
            parts.append(f"turns=<{_many(len(self.turns), 'turn')}>")
        if self.offset:
            parts.append(f"offset={self.offset}")
        return _fields("Document", parts)


@dataclass(frozen=True, slots=True, repr=False)
class Segment:
    """A unit of text to be coded: a turn, paragraph, sentence or whole document.

    Attributes:
        document: Id of the document it belongs to.
        index: 0-based position among the document's segments.
        start: Offset of its first character in the document text.
        end: Offset one past its last character.
        text: ``document.text[start:end]``.
        speaker: Speaker label, or ``None``.
        interviewer: Whether the speaker is an interviewer.
        unit: ``turn``, ``paragraph``, ``sentence`` or ``document``.
        attributes: Extra facts (timestamps, the turn a sentence belongs to ...).
    """

    document: str
    index: int
    start: int
    end: int
    text: str
    speaker: str | None = None
    interviewer: bool = False
    unit: str = "turn"
    attributes: Mapping[str, Any] = field(default_factory=frozen_mapping)

    @property
    def role(self) -> str:
        """``"interviewer"`` or ``"participant"``."""
        return INTERVIEWER if self.interviewer else PARTICIPANT

    def __repr__(self) -> str:
        parts = [f"document={self.document!r}", f"index={self.index}", f"start={self.start}",
                 f"end={self.end}", f"text={_short(self.text)}", f"speaker={self.speaker!r}",
                 f"interviewer={self.interviewer}", f"unit={self.unit!r}"]
        if self.attributes:
            parts.append(f"attributes={dict(self.attributes)!r}")
        return _fields("Segment", parts)


@dataclass(frozen=True, slots=True)
class Case:
    """An informant or other unit of analysis, with its attributes.

    Attributes:
        id: Case identifier as used in front matter ``case:`` or the cases table.
        attributes: Attribute values (role, years of experience, gender ...).
    """

    id: str
    attributes: Mapping[str, Any] = field(default_factory=frozen_mapping)


@dataclass(frozen=True, slots=True, repr=False)
class Corpus:
    """Documents, their segments and the cases they belong to.

    Attributes:
        documents: In load order (sorted paths).
        segments: Per document id, its segments in text order.
        cases: Known cases in table order (cases only named in front matter follow).
        unit: The segmentation unit used.
        skipped: Files that could not be read (with ``--skip-errors``), as issues.
        warnings: Non-fatal problems found while loading.
        interviewer_labels: The speaker labels that marked interviewer turns when it was
            segmented (empty when not known), for the provenance.
    """

    documents: tuple[Document, ...]
    segments: Mapping[str, tuple[Segment, ...]] = field(default_factory=frozen_mapping)
    cases: tuple[Case, ...] = ()
    unit: str = "turn"
    skipped: tuple[Any, ...] = ()
    warnings: tuple[Any, ...] = ()
    interviewer_labels: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.documents)

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def document(self, doc_id: str) -> Document:
        """Return the document with id ``doc_id``.

        Raises:
            KeyError: If there is no such document.
        """
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)

    def case(self, case_id: str) -> Case | None:
        """Return the case with id ``case_id``, or ``None``."""
        for case in self.cases:
            if case.id == case_id:
                return case
        return None

    def iter_segments(self) -> Iterator[Segment]:
        """All segments, document by document in corpus order."""
        for doc in self.documents:
            yield from self.segments.get(doc.id, ())

    def __repr__(self) -> str:
        segments = sum(len(self.segments.get(doc.id, ())) for doc in self.documents)
        parts = [_many(len(self.documents), "document"), _many(segments, "segment"),
                 _many(len(self.cases), "case"), f"unit={self.unit!r}"]
        if self.skipped:
            parts.append(f"{len(self.skipped):,} skipped")
        if self.warnings:
            parts.append(_many(len(self.warnings), "warning"))
        return _fields("Corpus", parts)


@dataclass(frozen=True, slots=True)
class Dimension:
    """A group of codes that matrices can use as one axis (roles, stages, obstacles ...).

    Attributes:
        id: Slug (``role``, ``stage``).
        labels: Label per language code.
        description: What the dimension is about, in the codebook's primary language (from
            :attr:`descriptions` when not given).
        exclusive: Whether its codes exclude each other within one unit.
        descriptions: The description per language, as written (``{id: ..., en: ...}``).
    """

    id: str
    labels: Mapping[str, str] = field(default_factory=frozen_mapping)
    description: str = ""
    exclusive: bool = False
    descriptions: Mapping[str, str] = field(default_factory=frozen_mapping)

    def __post_init__(self) -> None:
        object.__setattr__(self, "descriptions", frozen_mapping(self.descriptions))
        if self.descriptions and not self.description:
            object.__setattr__(self, "description", next(iter(self.descriptions.values())))

    def label(self, language: str | None = None) -> str:
        """The label in ``language`` (or the first one), falling back to the id."""
        if language and language in self.labels:
            return self.labels[language]
        return next(iter(self.labels.values()), self.id)

    def description_in(self, language: str | None = None) -> str:
        """The description in ``language``, else in the primary language
        (:attr:`description`)."""
        if language and language in self.descriptions:
            return self.descriptions[language]
        return self.description


@dataclass(frozen=True, slots=True)
class Rule:
    """One automatic coding rule of a code.

    Attributes:
        kind: ``phrases``, ``regex`` or ``near``.
        phrases: For ``phrases``: phrases per language code (``"*"`` for any language).
        mode: For ``phrases``: ``stem`` (affixed/inflected forms match), ``exact`` (word forms as
            written) .
        pattern: For ``regex``: the regular expression.
        near: For ``near``: two groups of terms that must occur within ``within`` words.
        within: Proximity window in words.
        exceptions: Surface word forms that never count as a hit of this rule.
        exclude: When true, a segment matching this rule is not coded with the code.
        label: Provenance name, e.g. ``enabler.rules[0]``.
        line: 1-based line of the rule in the codebook file.
    """

    kind: str
    phrases: Mapping[str, tuple[str, ...]] = field(default_factory=frozen_mapping)
    mode: str = "stem"
    pattern: str | None = None
    near: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    within: int = 0
    exceptions: tuple[str, ...] = ()
    exclude: bool = False
    label: str = ""
    line: int | None = None


@dataclass(frozen=True, slots=True, repr=False)
class Code:
    """One code of a codebook (MacQueen et al. 1998 components plus rules).

    Attributes:
        id: Stable slug.
        parent: Id of the parent code, or ``None`` for a root.
        dimension: Id of the dimension it belongs to (inherited from the parent when unset).
        labels: Label per language.
        brief: Brief definition per language.
        definition: Full definition per language.
        when_to_use: Inclusion criteria per language.
        when_not_to_use: Exclusion criteria per language.
        examples: Positive examples.
        counter_examples: Negative examples (must not be coded).
        color: ``#RRGGBB`` colour, or ``None``.
        rules: Automatic rules; empty for a code applied by hand only.
        min_hits: Number of rule hits a segment needs to be coded.
        scope: ``participant``, ``interviewer`` or ``all`` turns.
        memo: Free notes.
        line: 1-based line where the code starts in its file.
        manual: Applied by hand only (``manual: true``): no rules expected.
    """

    id: str
    parent: str | None = None
    dimension: str | None = None
    labels: Mapping[str, str] = field(default_factory=frozen_mapping)
    brief: Mapping[str, str] = field(default_factory=frozen_mapping)
    definition: Mapping[str, str] = field(default_factory=frozen_mapping)
    when_to_use: Mapping[str, str] = field(default_factory=frozen_mapping)
    when_not_to_use: Mapping[str, str] = field(default_factory=frozen_mapping)
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
    color: str | None = None
    rules: tuple[Rule, ...] = ()
    min_hits: int = 1
    scope: str = "participant"
    memo: str = ""
    line: int | None = None
    manual: bool = False

    def label(self, language: str | None = None) -> str:
        """The label in ``language`` (or the first one), falling back to the id."""
        if language and language in self.labels:
            return self.labels[language]
        return next(iter(self.labels.values()), self.id)

    def text_of(self, field_name: str, language: str | None = None) -> str:
        """A per-language text field (``brief``, ``definition`` ...) in ``language`` or any."""
        values: Mapping[str, str] = getattr(self, field_name)
        if language and language in values:
            return values[language]
        return next(iter(values.values()), "")

    def __repr__(self) -> str:
        parts = [f"id={self.id!r}"]
        if self.parent is not None:
            parts.append(f"parent={self.parent!r}")
        if self.dimension is not None:
            parts.append(f"dimension={self.dimension!r}")
        if self.labels:
            labels = ", ".join(f"{k!r}: {_short(v)}" for k, v in self.labels.items())
            parts.append(f"labels={{{labels}}}")
        parts.append(f"rules=<{_many(len(self.rules), 'rule')}>")
        described = [name for name in ("brief", "definition", "when_to_use", "when_not_to_use")
                     if getattr(self, name)]
        if described:
            parts.append(f"texts=<{', '.join(described)}>")
        if self.examples:
            parts.append(f"examples=<{_many(len(self.examples), 'example')}>")
        if self.counter_examples:
            parts.append(f"counter_examples=<{_many(len(self.counter_examples), 'example')}>")
        if self.manual:
            parts.append("manual=True")
        return _fields("Code", parts)


@dataclass(frozen=True, slots=True, repr=False)
class Codebook:
    """A validated codebook.

    Attributes:
        name: Slug naming the codebook (used in the auto coder's name).
        version: Version string.
        codes: All codes, in file order (parents before their children).
        dimensions: Declared dimensions, in file order.
        title: Human title, in the primary language (from :attr:`titles` when not given).
        authors: Authors.
        description: What the codebook is for, in the primary language (from
            :attr:`descriptions` when not given).
        languages: Language codes the labels and rules use (first is the primary one).
        unit: Default segmentation unit.
        scope: Default scope of rules (``participant`` turns only, unless stated).
        sources: Citations.
        memo: Free notes on the codebook as a whole (its top-level ``memo``).
        path: File it was read from.
        content_hash: SHA-256 of the file's bytes (provenance).
        warnings: Non-fatal validation issues (codes without rules ...).
        titles: The title per language, as written (``{id: ..., en: ...}``; a plain-text
            title is the primary language's); empty when only :attr:`title` is known.
        descriptions: The description per language, likewise.
    """

    name: str
    version: str
    codes: tuple[Code, ...]
    dimensions: tuple[Dimension, ...] = ()
    title: str = ""
    authors: tuple[str, ...] = ()
    description: str = ""
    languages: tuple[str, ...] = ("id", "en")
    unit: str = "turn"
    scope: str = "participant"
    sources: tuple[str, ...] = ()
    memo: str = ""
    path: str = ""
    content_hash: str = ""
    warnings: tuple[Any, ...] = ()
    titles: Mapping[str, str] = field(default_factory=frozen_mapping)
    descriptions: Mapping[str, str] = field(default_factory=frozen_mapping)
    # Lookups by id and by parent, built once: a codebook of ten thousand codes is asked for
    # codes, paths and children millions of times.
    _by_id: Mapping[str, Code] = field(init=False, repr=False, compare=False)
    _children: Mapping[str | None, tuple[Code, ...]] = field(init=False, repr=False,
                                                             compare=False)

    def __post_init__(self) -> None:
        by_id: dict[str, Code] = {}
        children: dict[str | None, list[Code]] = {}
        for c in self.codes:
            by_id.setdefault(c.id, c)
            children.setdefault(c.parent, []).append(c)
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_children", {k: tuple(v) for k, v in children.items()})
        for name, texts in (("title", self.titles), ("description", self.descriptions)):
            object.__setattr__(self, f"{name}s", frozen_mapping(texts))
            if texts and not getattr(self, name):
                object.__setattr__(self, name, self._primary(texts))

    def _primary(self, texts: Mapping[str, str]) -> str:
        """The text in the first of :attr:`languages` that has one, else the first written."""
        for language in self.languages:
            if language in texts:
                return texts[language]
        return next(iter(texts.values()), "")

    def title_in(self, language: str | None = None) -> str:
        """The title in ``language``, else in the primary language (:attr:`title`)."""
        if language and language in self.titles:
            return self.titles[language]
        return self.title

    def description_in(self, language: str | None = None) -> str:
        """The description in ``language``, else in the primary language
        (:attr:`description`)."""
        if language and language in self.descriptions:
            return self.descriptions[language]
        return self.description

    @property
    def coder(self) -> str:
        """The coder name its automatic codings carry: ``name@version``."""
        return f"{self.name}@{self.version}"

    def __len__(self) -> int:
        return len(self.codes)

    def __contains__(self, code_id: object) -> bool:
        try:
            return code_id in self._by_id
        except TypeError:  # an unhashable value is no code id
            return False

    def code(self, code_id: str) -> Code:
        """Return the code ``code_id``.

        Raises:
            KeyError: If the codebook has no such code.
        """
        return self._by_id[code_id]

    def children(self, code_id: str | None) -> tuple[Code, ...]:
        """Direct children of ``code_id`` (roots for ``None``), in file order."""
        return self._children.get(code_id, ())

    def path_of(self, code_id: str) -> tuple[str, ...]:
        """Ids from the root down to ``code_id``."""
        by_id = self._by_id
        path: list[str] = []
        current: str | None = code_id
        while current is not None and current not in path:
            path.append(current)
            current = by_id[current].parent if current in by_id else None
        return tuple(reversed(path))

    def dimension_of(self, code_id: str) -> str | None:
        """The dimension of ``code_id``, inherited from its ancestors when unset."""
        by_id = self._by_id
        for cid in reversed(self.path_of(code_id)):
            dim = by_id[cid].dimension if cid in by_id else None
            if dim:
                return dim
        return None

    def codes_in(self, dimension: str) -> tuple[Code, ...]:
        """Codes of ``dimension`` in codebook order."""
        return tuple(c for c in self.codes if self.dimension_of(c.id) == dimension)

    def __repr__(self) -> str:
        parts = [f"name={self.name!r}", f"version={self.version!r}",
                 _many(len(self.codes), "code"), _many(len(self.dimensions), "dimension"),
                 f"unit={self.unit!r}"]
        if self.path:
            parts.append(f"path={self.path!r}")
        if self.warnings:
            parts.append(_many(len(self.warnings), "warning"))
        return _fields("Codebook", parts)


@dataclass(frozen=True, slots=True)
class Coding:
    """One code applied to one span: where, what, who and how.

    Attributes:
        document: Document id.
        start: Offset of the coded span's first character.
        end: Offset one past its last character.
        code: Code id.
        coder: ``<codebook name>@<version>`` for rules, or a person's name.
        source: ``auto``, ``manual`` or ``imported``.
        segment: Index of the segment the span belongs to, if known.
        rule: The rule that fired (auto codings).
        match: The words the rule matched, ``"; "``-joined.
        status: ``suggested``, ``accepted`` or ``rejected`` (projects); empty otherwise.
        memo: Free note.
    """

    document: str
    start: int
    end: int
    code: str
    coder: str
    source: str = "auto"
    segment: int | None = None
    rule: str = ""
    match: str = ""
    status: str = ""
    memo: str = ""
