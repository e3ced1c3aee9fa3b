"""Generate a deterministic synthetic corpus for benchmarks.

Interviews alternate an interviewer question and a participant answer; answers are built from
clause templates with realistic Indonesian (formal, Jakarta colloquial, code-mixed) and English
case-management vocabulary, so the default codebook's rules fire at a natural rate. The same seed
always gives the same files.

Usage:
    python benchmarks/generate.py OUTDIR --words 1000000 [--seed 7] [--survey-rows 100000]
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

ID_SUBJECTS = ["saya", "kami", "tim kami", "manajer kasus", "aku", "kita", "mbak Rina", "pak Dimas"]
ID_VERBS = [
    "mendampingi", "dampingin", "menjelaskan", "kasih tahu", "berkoordinasi dengan",
    "merujuk ke", "menghubungi", "bekerja sama dengan", "memantau", "ngecek",
    "mengevaluasi", "menyiapkan", "mengadvokasi", "ngobrol sama", "menggali cerita dari",
    "menjadwalkan", "memastikan", "menyampaikan ke", "datang ke", "nanyain",
]
ID_OBJECTS = [
    "anaknya", "orang tua korban", "wali kelas", "kepala sekolah", "psikolog", "puskesmas",
    "Unit PPA", "guru BK", "keluarganya", "korban", "ibunya", "sekolah barunya", "tim",
]
ID_TAILS = [
    "waktu asesmen awal", "pas case conference", "selama intervensi", "waktu home visit",
    "di tahap monitoring", "sebelum terminasi", "biar anaknya mau cerita", "sesuai SOP",
    "karena bebannya banyak banget", "tapi sekolahnya bilang cuma bercanda",
    "soalnya keluarganya nolak", "lewat telepon", "minggu lalu", "sampai sekarang",
    "untuk rencana intervensi", "supaya haknya terpenuhi", "terus follow up lagi",
    "karena jaraknya jauh", "walaupun prosesnya lama", "",
]
ID_FILLERS = ["ya", "sih", "gitu", "kan", "eee", "jadi", "nah", "terus", "memang", "juga"]
ID_QUESTIONS = [
    "Bagaimana prosesnya waktu itu?", "Terus apa yang Ibu lakukan?", "Bisa diceritakan lagi?",
    "Kendalanya apa saja?", "Bagaimana dengan sekolahnya?", "Lalu tahap berikutnya?",
]
EN_SUBJECTS = ["I", "we", "the team", "my colleague", "the case manager", "she", "he"]
EN_VERBS = [
    "supported", "explained it to", "coordinated with", "referred the child to", "worked with",
    "monitored", "checked on", "evaluated the plan with", "prepared", "advocated for",
    "talked to", "scheduled a session with", "reassured", "informed", "followed up with",
]
EN_OBJECTS = [
    "the child", "the parents", "the homeroom teacher", "the principal", "the psychologist",
    "the clinic", "the police unit", "the family", "the victim", "the new school",
]
EN_TAILS = [
    "during the assessment", "at the case conference", "during the intervention",
    "on a home visit", "while monitoring", "before closing the case", "so she could open up",
    "according to the SOP", "because our caseload is huge", "but the school denied it",
    "because the family refused", "by phone", "last week", "for the intervention plan",
    "so his rights were met", "even though it took long", "",
]
EN_QUESTIONS = [
    "How did that go?", "What did you do next?", "Could you tell me more?",
    "What were the obstacles?", "And the school?", "What happened after that?",
]


def _clause(rng: random.Random, lang: str) -> str:
    if lang == "id":
        parts = [rng.choice(ID_SUBJECTS), rng.choice(ID_VERBS), rng.choice(ID_OBJECTS),
                 rng.choice(ID_TAILS)]
        if rng.random() < 0.5:
            parts.insert(0, rng.choice(ID_FILLERS))
    else:
        parts = [rng.choice(EN_SUBJECTS), rng.choice(EN_VERBS), rng.choice(EN_OBJECTS),
                 rng.choice(EN_TAILS)]
    text = " ".join(p for p in parts if p)
    return text[0].upper() + text[1:] + "."


def answer(rng: random.Random, lang: str) -> str:
    """One participant answer of 1–8 clauses (about 10–110 words)."""
    return " ".join(_clause(rng, lang) for _ in range(rng.randint(1, 8)))


def interview(rng: random.Random, lang: str, words: int, name: str) -> str:
    """An interview of about ``words`` words, with front matter."""
    asker = "Pewawancara" if lang == "id" else "Interviewer"
    questions = ID_QUESTIONS if lang == "id" else EN_QUESTIONS
    lines = ["---", f"language: {lang}", f"case: {name}", "synthetic: true", "---"]
    count = 0
    while count < words:
        q = rng.choice(questions)
        a = answer(rng, lang)
        lines += [f"{asker}: {q}", "", f"{name}: {a}", ""]
        count += len(q.split()) + len(a.split())
    return "\n".join(lines)


def generate(outdir: Path, words: int, *, seed: int = 7, per_file: int = 10_000,
             english_share: float = 0.25) -> list[Path]:
    """Write interviews totalling about ``words`` words into ``outdir``; return their paths."""
    rng = random.Random(seed)
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range((words + per_file - 1) // per_file):
        lang = "en" if rng.random() < english_share else "id"
        path = outdir / f"interview-{i:05d}.md"
        path.write_text(interview(rng, lang, per_file, f"Informan{i % 50:02d}"), encoding="utf-8")
        paths.append(path)
    return paths


def generate_survey(path: Path, rows: int, *, seed: int = 11) -> Path:
    """Write a response table of ``rows`` open-ended answers (columns id, group, answer)."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "group", "answer"])
        for i in range(rows):
            lang = "en" if rng.random() < 0.25 else "id"
            writer.writerow([f"r{i:06d}", rng.choice("ABCD"), answer(rng, lang)])
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--survey-rows", type=int, default=0)
    args = parser.parse_args()
    paths = generate(args.outdir, args.words, seed=args.seed)
    print(f"wrote {len(paths)} interviews to {args.outdir}")
    if args.survey_rows:
        survey = generate_survey(args.outdir.parent / "survey.csv", args.survey_rows)
        print(f"wrote {args.survey_rows} survey rows to {survey}")


if __name__ == "__main__":
    main()
