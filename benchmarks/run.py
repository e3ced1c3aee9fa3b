"""Benchmark qualcode's coding pipeline against two references on generated corpora.

Every measured configuration runs in a fresh Python process (``run.py --child NAME``), which
reports its wall time, CPU time (its own and its worker processes', from ``resource.getrusage``)
and peak resident memory (``VmHWM`` of itself, ``ru_maxrss`` of its workers), so one
configuration's memory never hides another's; this parent process stays small and does no
measured work. The corpora are generated once into a cache folder (``--data``, default
``$QUALCODE_BENCH_DATA`` or ``~/.cache/qualcode-bench``) by ``generate.py`` and reused while
their parameters are unchanged; they are never part of the repository.

Configurations, each on the same corpus:

* ``compile (first run)``: compiling the codebook's rules, the regex scanner included, with
  an empty cache folder (what the first run of a codebook version pays once; the other
  configurations load the scanner from the cache);
* ``floor``: read the files and split them into speaker turns with one regular expression (the
  least any tool must do);
* ``load``, ``segment``, ``code``: qualcode's stages cumulatively (read; + segment into turns;
  + match the codebook's rules, no output);
* ``code+write``: ``qualcode code`` end to end (:func:`qualcode.stream.code_files`: read,
  segment, code, write the codings CSV), with ``--jobs 1`` and ``--jobs 2``;
* ``rerun-cached``: the same with ``--cache`` after one document of a cached run was edited;
* ``spacy``: a straightforward spaCy pipeline: blank ``id``/``en`` tokenizer, a memoised
  lowercase + stem function as lemmatizer (spacy-lookups-data is not installed here, so no
  lookup lemmatizer is available offline), ``PhraseMatcher`` on those lemmas with every phrase
  and ``near`` term of the codebook; ``spacy-lower`` is the same matching lower-case forms
  with no lemmatizer (a lower bound for any spaCy pipeline);
* ``matrices``: the matrices of ``qualcode analyze`` (roll-up, frequencies, code x document and
  code x case counts and presence, the code x attribute crosstab, co-occurrence table and
  matrix, role x stage) from the codings and segments tables of the corpus, already in memory;
  ``analyze-all``: every table of it (:func:`qualcode.analysis.bundle.analyze_codings`: the
  matrices plus quotes, representative quotes, theme table and document profiles).

``--survey`` adds the 100,000-row survey table (one open answer per row, coded as response
documents with ``--text-column answer``), run through ``code+write``.

Usage:
    python benchmarks/run.py [--sizes 1m,10m] [--only code+write,floor] [--data DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

SIZES = {"1m": 1_000_000, "10m": 10_000_000}
SURVEY_ROWS = 100_000
CONFIGS = ("floor", "load", "segment", "code", "code+write", "code+write -j2", "spacy",
           "spacy-lower", "rerun-cached", "matrices", "analyze-all")
SEED = 7


# -- corpora ---------------------------------------------------------------------------------

def corpus(data: Path, size: str) -> Path:
    """The generated corpus of ``size`` words (made on first use)."""
    from generate import generate

    folder = data / f"interviews-{size}-seed{SEED}"
    marker = folder / ".complete"
    source = (HERE / "generate.py").read_bytes()
    stamp = f"{SIZES[size]}:{SEED}:{hash_bytes(source)}"
    if not (marker.exists() and marker.read_text() == stamp):
        shutil.rmtree(folder, ignore_errors=True)
        generate(folder / "files", SIZES[size], seed=SEED)
        marker.write_text(stamp)
    return folder / "files"


def survey(data: Path, rows: int = SURVEY_ROWS) -> Path:
    """The generated survey table (answers to an open question)."""
    from generate import generate_survey

    path = data / f"survey-{rows}.csv"
    if not path.exists():
        generate_survey(path, rows)
    return path


def hash_bytes(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()[:16]


# -- children --------------------------------------------------------------------------------

def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _peak_mb() -> float:
    """Peak resident memory of this process and of its worker processes, in MiB.

    Linux keeps ``ru_maxrss`` across ``execve``, so a child started by a large parent would
    report the parent's size; ``VmHWM`` in ``/proc/self/status`` starts afresh with the new
    program. Worker processes forked from this one report through ``RUSAGE_CHILDREN``.
    """
    own = 0
    with open("/proc/self/status", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                own = int(line.split()[1])
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024.0  # KiB


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def child(name: str, folder: Path, work: Path) -> dict[str, Any]:
    """Run one configuration in this (fresh) process and measure it."""
    import re

    from qualcode.io.codebook import load_codebook
    from qualcode.resources import default_codebook_path

    book = load_codebook(default_codebook_path())
    segments = 0
    extra: dict[str, Any] = {}
    # imported before the clock starts, as the installed command has them before it works
    import qualcode.coding.matcher
    import qualcode.io.loader
    import qualcode.segment
    import qualcode.stream  # noqa: F401
    started, cpu = time.perf_counter(), _cpu()
    if name == "floor":
        label = re.compile(r"^[^\W\d_][\w .'-]{0,39}:", re.MULTILINE)
        for path in _files(folder):
            text = path.read_text(encoding="utf-8")
            segments += len(label.split(text)) - 1
    elif name in ("load", "segment", "code"):
        from qualcode.coding.matcher import compile_codebook
        from qualcode.io.loader import iter_documents
        from qualcode.segment import InterviewerMatcher, segment_document

        matcher = compile_codebook(book) if name == "code" else None
        who = InterviewerMatcher()
        for doc in iter_documents([folder]):
            if name == "load":
                continue
            segs = segment_document(doc, "turn", is_interviewer=who)
            segments += len(segs)
            if matcher is not None:
                for seg in segs:
                    matcher.match(seg.text, interviewer=seg.interviewer)
    elif name.startswith("code+write") or name == "rerun-cached":
        from qualcode.stream import code_files

        jobs = 2 if name.endswith("-j2") else 1
        cache = work / "cache" if name == "rerun-cached" else None
        table = folder.suffix == ".csv"  # the survey: one document per row
        summary = code_files([folder], book, work / "codings.csv", jobs=jobs, cache=cache,
                             text_column="answer" if table else None,
                             id_column="id" if table else None)
        segments = summary.segments
        extra = {"codings": summary.codings, "cached_files": summary.cached}
    elif name.startswith("spacy"):
        segments, extra = _spacy(folder, book, lemmas=name == "spacy")
    elif name in ("matrices", "analyze-all"):
        return _matrices(work, every=name == "analyze-all")
    elif name == "compile":
        from qualcode.coding.matcher import compile_codebook

        compile_codebook(book)
    elif name == "prepare":
        prepare_matrices(folder, work)
        return {}
    else:
        raise SystemExit(f"unknown configuration {name}")
    return {"wall": time.perf_counter() - started, "cpu": _cpu() - cpu,
            "peak_mb": _peak_mb(), "segments": segments, **extra}


def _spacy(folder: Path, book: Any, *, lemmas: bool) -> tuple[int, dict[str, Any]]:
    import functools
    import re

    try:
        import spacy
        from spacy.matcher import PhraseMatcher
    except ImportError as exc:
        raise SystemExit("the spaCy reference needs spaCy: pip install -e '.[bench]'") from exc

    from qualcode.coding.morphology import stem_en, stem_id

    label = re.compile(r"^([^\W\d_][\w .'-]{0,39}):[ \t]*", re.MULTILINE)
    language = re.compile(r"^language:\s*(\w+)", re.MULTILINE)
    pipelines = {}
    for lang in ("id", "en"):
        nlp = spacy.blank(lang)
        stem = stem_id if lang == "id" else stem_en

        @functools.cache
        def lemma(lower: str, stem=stem) -> str:
            return stem(lower)

        attr = "NORM" if lemmas else "LOWER"
        matcher = PhraseMatcher(nlp.vocab, attr=attr)
        for code in book.codes:
            for rule in code.rules:
                texts = [t for key, values in rule.phrases.items() if key in (lang, "*")
                         for t in values]
                if rule.near:
                    texts += [t for group in rule.near for t in group]
                docs = [_lemmatise(nlp.make_doc(t), lemma) if lemmas else nlp.make_doc(t)
                        for t in texts]
                if docs:
                    matcher.add(rule.label, docs)
        pipelines[lang] = (nlp, matcher, lemma)
    segments = hits = 0
    for path in _files(folder):
        text = path.read_text(encoding="utf-8")
        found = language.search(text[:500])
        nlp, matcher, lemma = pipelines["en" if found and found.group(1) == "en" else "id"]
        turns = label.split(text)[2::2]  # the utterances after each label
        for doc in nlp.pipe(turns, batch_size=256):
            if lemmas:
                _lemmatise(doc, lemma)
            hits += len(matcher(doc))
            segments += 1
    return segments, {"phrase_hits": hits}


def _lemmatise(doc: Any, lemma: Any) -> Any:
    for token in doc:
        token.norm_ = lemma(token.lower_)
    return doc


def _matrices(work: Path, *, every: bool) -> dict[str, Any]:
    import pandas as pd

    from qualcode.analysis.bundle import analyze_codings
    from qualcode.analysis.cooccurrence import cooccurrence, cooccurrence_table, dimension_matrix
    from qualcode.analysis.crosstab import attribute_crosstab
    from qualcode.analysis.frequencies import code_frequencies
    from qualcode.analysis.matrices import code_by_case, code_by_document
    from qualcode.analysis.rollup import roll_up, sort_codings
    from qualcode.io.codebook import load_codebook
    from qualcode.resources import default_codebook_path

    book = load_codebook(default_codebook_path())
    codings = pd.read_parquet(work / "codings.parquet")
    segments = pd.read_parquet(work / "segments.parquet")
    started, cpu = time.perf_counter(), _cpu()
    if every:
        tables = len(analyze_codings(codings, segments=segments, codebook=book).tables)
    else:  # what analyze computes for its matrices, in its order
        common = {"codebook": book, "segments": segments}
        ordered = sort_codings(codings, codebook=book, segments=segments)
        counted = roll_up(ordered, book, segments=segments)
        out = [code_frequencies(counted, **common),
               code_by_document(counted, **common),
               code_by_document(counted, presence=True, **common),
               code_by_case(counted, **common), code_by_case(counted, presence=True, **common),
               attribute_crosstab(counted, "informant_role", **common),
               cooccurrence_table(ordered, codebook=book), cooccurrence(ordered, codebook=book),
               dimension_matrix(ordered, "role", "stage", codebook=book)]
        tables = len(out)
    return {"wall": time.perf_counter() - started, "cpu": _cpu() - cpu,
            "peak_mb": _peak_mb(), "segments": len(segments), "codings": len(codings),
            "tables": tables}


def prepare_matrices(folder: Path, work: Path) -> None:
    """Codings and segments tables of the corpus, saved for the ``matrices`` child."""
    from qualcode.coding.engine import apply_codebook
    from qualcode.corpus import load_corpus
    from qualcode.io.codebook import load_codebook
    from qualcode.resources import default_codebook_path
    from qualcode.tables import codings_table, segments_table

    book = load_codebook(default_codebook_path())
    loaded = load_corpus([folder])
    codings_table(apply_codebook(loaded, book), loaded, book).to_parquet(
        work / "codings.parquet")
    segments_table(loaded).to_parquet(work / "segments.parquet")


# -- parent ----------------------------------------------------------------------------------

def run_child(name: str, folder: Path, work: Path) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", name,
               "--corpus", str(folder), "--work", str(work)]
    # the compiled regex scanner is kept here (see qualcode.coding.multiscan)
    env = {**os.environ, "QUALCODE_CACHE_DIR": str(work / "scan-cache")}
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        raise SystemExit(f"{name} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def words_in(folder: Path) -> int:
    """Whitespace-separated words of the files, front matter and speaker labels included."""
    return sum(len(p.read_text(encoding="utf-8").split()) for p in _files(folder))


def machine() -> dict[str, str]:
    model = ""
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    with open("/proc/meminfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {"nproc": str(os.cpu_count()), "cpu": model, "ram": memory,
            "python": platform.python_version(), "load": " ".join(
                f"{v:.2f}" for v in os.getloadavg())}


def startup() -> float:
    """Wall time of ``qualcode --help`` in a new process (best of five)."""
    script = Path(sys.executable).with_name("qualcode")  # the installed command, as users run it
    command = [str(script), "--help"] if script.exists() else [
        sys.executable, "-m", "qualcode", "--help"]
    times = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, cwd=HERE.parent)
        times.append(time.perf_counter() - started)
    return min(times)


def edit_one(folder: Path) -> None:
    """Append one turn to the first document (the one-document edit)."""
    first = _files(folder)[0]
    with first.open("a", encoding="utf-8") as handle:
        handle.write("\nInforman00: Saya menjelaskan rencana intervensi ke ibunya lagi.\n")


def bench(size: str, data: Path, only: list[str], repeat: int = 1
          ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The fastest run of each configuration on one corpus, and every run in order."""
    if size == "survey":
        folder = survey(data)
        total = sum(len(line.split()) for line in folder.read_text(encoding="utf-8")
                    .splitlines()[1:])
        only = [n for n in only if n == "code+write"]
    else:
        folder = corpus(data, size)
        total = words_in(folder)
    rows = []
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="qualcode-bench-") as tmp:
        work = Path(tmp)
        # Compiling the codebook's regex scanner happens once per codebook version (then it
        # is loaded from the cache folder): timed alone, then every configuration finds it.
        result = run_child("compile", folder, work)
        result.update(config="compile (first run)", size=size, words=total)
        print(json.dumps(result), file=sys.stderr, flush=True)
        rows.append(result)
        best: dict[str, dict[str, Any]] = {}
        for turn in range(repeat):  # configurations interleaved, so a slow spell hits them all
            for name in only:
                if name == "rerun-cached":
                    copy = work / "edited"
                    cold = None
                    if not copy.exists():
                        shutil.copytree(folder, copy)
                        (work / "cache").mkdir()
                        cold = run_child("rerun-cached", copy, work)["wall"]  # fills the cache
                    edit_one(copy)
                    result = run_child("rerun-cached", copy, work)
                    result["cold_wall"] = cold if cold is not None else best[name]["cold_wall"]
                elif name in ("matrices", "analyze-all"):
                    if not (work / "codings.parquet").exists():
                        run_child("prepare", folder, work)  # keeps this process small
                    result = run_child(name, folder, work)
                else:
                    result = run_child(name, folder, work)
                result.update(config=name, size=size, words=total, round=turn + 1)
                print(json.dumps(result), file=sys.stderr, flush=True)
                runs.append(result)
                if name not in best or result["wall"] < best[name]["wall"]:
                    best[name] = result
        rows += [best[name] for name in only]
    return rows, runs


def per_round(results: list[dict[str, Any]]) -> list[str]:
    """The ratios of the targets within each round of ``--repeat``: the configurations of one
    round ran minutes apart, so these show how far the machine's drift moves a ratio."""
    out = []
    for size in dict.fromkeys(r["size"] for r in results):
        rounds: dict[int, dict[str, float]] = {}
        for r in results:
            if r["size"] == size:
                rounds.setdefault(r["round"], {})[r["config"]] = r["wall"]
        if len(rounds) < 2:
            continue
        for ref, label in (("spacy", "code+write vs spacy"), ("code+write -j2", "--jobs 2")):
            pairs = [(w[ref] / w["code+write"]) if ref == "spacy" else
                     (w["code+write"] / w[ref])
                     for w in rounds.values() if ref in w and "code+write" in w]
            if pairs:
                out.append(f"{size}: {label}, round by round: "
                           + ", ".join(f"{x:.2f}x" for x in pairs))
    return out


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| corpus | configuration | wall s | CPU s | words/s | segments/s | peak MB |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['size']} | {r['config']} | {r['wall']:.2f} | {r['cpu']:.2f} | "
                     f"{r['words'] / r['wall']:,.0f} | {r['segments'] / r['wall']:,.0f} | "
                     f"{r['peak_mb']:,.0f} |")
    return "\n".join(lines)


def ratios(rows: list[dict[str, Any]]) -> list[str]:
    out = []
    for size in dict.fromkeys(r["size"] for r in rows):
        by = {r["config"]: r for r in rows if r["size"] == size}
        if "code+write" not in by:
            continue
        main = by["code+write"]["wall"]
        for ref in ("floor", "spacy", "spacy-lower"):
            if ref in by:
                out.append(f"{size}: code+write vs {ref}: {by[ref]['wall'] / main:.2f}x faster"
                           if by[ref]["wall"] >= main else
                           f"{size}: code+write is {main / by[ref]['wall']:.1f}x the {ref} time")
        if "code+write -j2" in by:
            out.append(f"{size}: --jobs 2 speed-up {main / by['code+write -j2']['wall']:.2f}x")
        if "rerun-cached" in by:
            out.append(f"{size}: re-run after a one-document edit: "
                       f"{100 * by['rerun-cached']['wall'] / main:.1f}% of a full run")
    sizes = {r["size"]: r for r in rows if r["config"] == "code+write"}
    if "1m" in sizes and "10m" in sizes:
        out.append(f"peak memory 10m/1m (code+write): "
                   f"{sizes['10m']['peak_mb'] / sizes['1m']['peak_mb']:.2f}x")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1m,10m")
    parser.add_argument("--only", default=",".join(CONFIGS))
    parser.add_argument("--data", type=Path, default=Path(os.environ.get(
        "QUALCODE_BENCH_DATA", Path.home() / ".cache" / "qualcode-bench")))
    parser.add_argument("--survey", action="store_true",
                        help="also code the 100,000-row survey table")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run each configuration this many times (interleaved), keep the "
                             "fastest")
    parser.add_argument("--child")
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.corpus, args.work)))
        return
    args.data.mkdir(parents=True, exist_ok=True)
    info = machine()
    rows: list[dict[str, Any]] = []
    runs: list[dict[str, Any]] = []
    sizes = args.sizes.split(",") + (["survey"] if args.survey else [])
    for size in sizes:
        best, every = bench(size, args.data, args.only.split(","), args.repeat)
        rows += best
        runs += every
    info["load after"] = " ".join(f"{v:.2f}" for v in os.getloadavg())
    info["qualcode --help"] = f"{startup():.2f} s (best of 5)"
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "rows": rows, "runs": runs},
                                        indent=1))
    print("machine: " + "; ".join(f"{k} {v}" for k, v in info.items()))
    print(table(rows))
    for line in ratios(rows) + per_round(runs):
        print("- " + line)


if __name__ == "__main__":
    main()
