"""Generate a deterministic synthetic corpus for benchmarks.

Interviews alternate an interviewer question and a participant answer, in Indonesian (formal,
Jakarta colloquial, code-mixed) or English. Answers mix three kinds of sentence:

* case-management clauses (who did what with whom, at which stage, against which obstacle), the
  sentences the default codebook's rules are written for;
* everyday narrative (time, place, family, school, feelings, small talk) that codes nothing;
* a long tail of rarer words: names, streets, schools, typos and affixed forms drawn from a
  Zipf-distributed lexicon of pseudo-words, so the vocabulary keeps growing with the corpus as
  real vocabularies do (Heaps' law) and per-word memo tables are exercised honestly.

Answer lengths follow a log-normal distribution (median about 45 words, a long tail of 300+),
questions 5-25 words. The same seed always gives the same files; nothing depends on the
machine, the clock or the hash seed.

Usage:
    python benchmarks/generate.py OUTDIR --words 1000000 [--seed 7] [--survey-rows 100000]
"""

from __future__ import annotations

import argparse
import bisect
import csv
import itertools
import math
import random
from pathlib import Path

ID_SUBJECTS = ["saya", "kami", "tim kami", "manajer kasus", "aku", "kita", "mbak Rina", "pak Dimas",
               "koordinator", "teman saya", "psikolognya", "saya sama tim"]
ID_VERBS = [
    "mendampingi", "dampingin", "menjelaskan", "kasih tahu", "berkoordinasi dengan",
    "merujuk ke", "menghubungi", "bekerja sama dengan", "memantau", "ngecek",
    "mengevaluasi", "menyiapkan", "mengadvokasi", "ngobrol sama", "menggali cerita dari",
    "menjadwalkan", "memastikan", "menyampaikan ke", "datang ke", "nanyain", "ketemu",
    "nelpon", "nganterin", "nemenin", "ngasih tahu", "rapat dengan", "mengunjungi",
]
ID_OBJECTS = [
    "anaknya", "orang tua korban", "wali kelas", "kepala sekolah", "psikolog", "puskesmas",
    "Unit PPA", "guru BK", "keluarganya", "korban", "ibunya", "sekolah barunya", "tim",
    "bapaknya", "neneknya", "wakasek", "dinas pendidikan", "penyidik", "RT setempat",
]
ID_TAILS = [
    "waktu asesmen awal", "pas case conference", "selama intervensi", "waktu home visit",
    "di tahap monitoring", "sebelum terminasi", "biar anaknya mau cerita", "sesuai SOP",
    "karena bebannya banyak banget", "tapi sekolahnya bilang cuma bercanda",
    "soalnya keluarganya nolak", "lewat telepon", "minggu lalu", "sampai sekarang",
    "untuk rencana intervensi", "supaya haknya terpenuhi", "terus follow up lagi",
    "karena jaraknya jauh", "walaupun prosesnya lama", "", "", "",
]
ID_FILLERS = ["ya", "sih", "gitu", "kan", "eee", "jadi", "nah", "terus", "memang", "juga",
              "pokoknya", "apa ya", "kayak", "sebenarnya"]
ID_QUESTIONS = [
    "Bagaimana prosesnya waktu itu?", "Terus apa yang Ibu lakukan?", "Bisa diceritakan lagi?",
    "Kendalanya apa saja?", "Bagaimana dengan sekolahnya?", "Lalu tahap berikutnya?",
    "Boleh cerita sedikit soal {x}?", "Waktu itu {x} gimana, Bu?",
    "Menurut Ibu, kenapa {x} bisa begitu?", "Oke. Terus setelah itu {x} bagaimana?",
    "Maaf, saya mau tanya lagi soal {x}, itu maksudnya bagaimana ya?",
]
# Everyday narrative: templates whose slots take the word lists below.
ID_NARRATIVE = [
    "{filler} waktu itu {time} saya lagi di {place}",
    "anaknya kelas {num} {level} di {school}",
    "rumahnya di daerah {street} dekat {landmark}",
    "ibunya kerja jadi {job} jadi {filler} jarang di rumah",
    "{filler} bapaknya {job} di {place} pulangnya malam",
    "saya ingat banget {time} itu hujan deras",
    "dia tinggal sama {relative} di {street}",
    "katanya {name} itu temannya dari {level}",
    "{filler} kita {eat} dulu di warung {name} baru lanjut",
    "jaraknya kira-kira {num} kilo dari kantor",
    "hari itu saya {feel} banget {filler}",
    "kalau nggak salah itu bulan {month} tahun {year}",
    "{filler} anaknya suka main {hobby} sama {name}",
    "orangnya {trait} tapi kalau sudah kenal enak diajak ngobrol",
    "motornya mogok di {street} jadi saya naik ojek",
    "{filler} saya juga punya anak seumuran dia",
    "di kantor lagi ramai soalnya ada {event}",
    "{name} itu {trait} {filler} nggak banyak omong",
]
ID_SLOTS = {
    "time": ["pagi", "siang", "sore", "malam", "hari Senin", "hari Jumat", "akhir pekan",
             "jam tujuh", "habis magrib", "pas libur"],
    "place": ["kantor", "rumah", "pasar", "masjid", "kelurahan", "kecamatan", "jalan", "kos",
              "rumah sakit", "terminal"],
    "school": ["SD negeri", "SMP swasta", "madrasah", "SMK", "sekolah dekat rumah"],
    "level": ["SD", "SMP", "SMA", "TK", "kelas sebelah"],
    "landmark": ["stasiun", "pasar", "masjid besar", "kali", "lapangan", "mal"],
    "job": ["ojek online", "pedagang", "buruh pabrik", "satpam", "guru ngaji", "sopir",
            "penjahit", "karyawan"],
    "relative": ["neneknya", "tantenya", "omnya", "kakaknya", "bibinya"],
    "eat": ["makan", "ngopi", "sarapan", "makan siang"],
    "feel": ["capek", "senang", "deg-degan", "lega", "kesal", "bingung"],
    "month": ["Januari", "Maret", "Mei", "Juli", "Agustus", "Oktober", "Desember"],
    "hobby": ["bola", "game", "layangan", "sepeda", "gambar", "musik"],
    "trait": ["pendiam", "ramah", "galak", "cuek", "baik", "pemalu"],
    "event": ["akreditasi", "pelatihan", "kunjungan", "rapat bulanan", "lomba"],
    "filler": ID_FILLERS,
}

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
    "so his rights were met", "even though it took long", "", "", "",
]
EN_QUESTIONS = [
    "How did that go?", "What did you do next?", "Could you tell me more?",
    "What were the obstacles?", "And the school?", "What happened after that?",
    "Could you say a bit more about {x}?", "How did {x} work out in the end?",
    "Sorry, going back to {x}, what did you mean by that?",
]
EN_NARRATIVE = [
    "that {time} I was at the {place}",
    "she was in grade {num} at the {school}",
    "they live near {street} close to the {landmark}",
    "her mother works as a {job} so she is rarely home",
    "I remember it was raining hard {time}",
    "he lives with his {relative} on {street}",
    "{name} was a friend of hers from {level}",
    "it is about {num} kilometres from the office",
    "I was really {feel} that day",
    "if I remember right it was {month} {year}",
    "he likes playing {hobby} with {name}",
    "my motorbike broke down on {street} so I took a taxi",
]
EN_SLOTS = {
    "time": ["morning", "afternoon", "evening", "night", "Monday", "Friday", "weekend"],
    "place": ["office", "house", "market", "mosque", "district office", "hospital"],
    "school": ["state primary school", "private junior high", "madrasah", "vocational school"],
    "level": ["primary school", "junior high", "kindergarten", "the next class"],
    "landmark": ["station", "market", "big mosque", "river", "football field", "mall"],
    "job": ["driver", "trader", "factory worker", "security guard", "tailor", "clerk"],
    "relative": ["grandmother", "aunt", "uncle", "older brother", "older sister"],
    "feel": ["tired", "happy", "nervous", "relieved", "annoyed", "confused"],
    "month": ["January", "March", "May", "July", "August", "October", "December"],
    "hobby": ["football", "games", "kites", "cycling", "drawing", "music"],
}

_ONSETS = ["b", "c", "d", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "w", "y",
           "ng", "ny", "kr", "tr", "pr", "st", ""]
_VOWELS = ["a", "i", "u", "e", "o", "a", "i", "a"]
_CODAS = ["", "", "", "n", "ng", "k", "r", "s", "t", "l", "h", "m"]
_PREFIXES = ["", "", "", "", "me", "di", "ber", "ter", "ke", "pe", "se"]
_SUFFIXES = ["", "", "", "", "nya", "kan", "an", "i", "lah", "in"]
LEXICON_SIZE = 400_000
ZIPF_EXPONENT = 1.07


class Lexicon:
    """Pseudo-words (names, places, rare words) with Zipf-distributed frequencies."""

    def __init__(self, seed: int, size: int = LEXICON_SIZE) -> None:
        rng = random.Random(seed * 7919 + 1)
        words: list[str] = []
        seen: set[str] = set()
        while len(words) < size:
            stem = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                           for _ in range(rng.choice((2, 2, 3, 3, 4))))
            word = rng.choice(_PREFIXES) + stem + rng.choice(_SUFFIXES)
            if len(word) >= 3 and word not in seen:
                seen.add(word)
                words.append(word)
        self.words = words
        weights = (1.0 / (rank ** ZIPF_EXPONENT) for rank in range(1, size + 1))
        self._cumulative = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random) -> str:
        """One word, frequent ones more often."""
        point = rng.random() * self._cumulative[-1]
        return self.words[min(bisect.bisect_left(self._cumulative, point), len(self.words) - 1)]


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text[0].upper() + text[1:] + "." if text else ""


def _domain_clause(rng: random.Random, lang: str) -> str:
    if lang == "id":
        parts = [rng.choice(ID_SUBJECTS), rng.choice(ID_VERBS), rng.choice(ID_OBJECTS),
                 rng.choice(ID_TAILS)]
        if rng.random() < 0.5:
            parts.insert(0, rng.choice(ID_FILLERS))
    else:
        parts = [rng.choice(EN_SUBJECTS), rng.choice(EN_VERBS), rng.choice(EN_OBJECTS),
                 rng.choice(EN_TAILS)]
    return " ".join(p for p in parts if p)


def _fill(template: str, slots: dict[str, list[str]], rng: random.Random, lexicon: Lexicon,
          capitalise: bool) -> str:
    def value(name: str) -> str:
        if name in slots:
            return rng.choice(slots[name])
        if name == "num":
            return str(rng.randint(1, 12))
        if name == "year":
            return str(rng.randint(2015, 2024))
        word = lexicon.draw(rng)  # name, street, school: the long tail
        return word.capitalize() if capitalise else word

    out = []
    for piece in template.split("{"):
        if "}" in piece:
            name, _, rest = piece.partition("}")
            out.append(value(name) + rest)
        else:
            out.append(piece)
    return "".join(out)


def _narrative(rng: random.Random, lang: str, lexicon: Lexicon) -> str:
    templates, slots = (ID_NARRATIVE, ID_SLOTS) if lang == "id" else (EN_NARRATIVE, EN_SLOTS)
    text = _fill(rng.choice(templates), slots, rng, lexicon, capitalise=True)
    # Rare words inside ordinary talk: affixed forms, typos, slang.
    extra = rng.randint(0, 3)
    if extra:
        words = text.split()
        for _ in range(extra):
            words.insert(rng.randint(1, len(words)), lexicon.draw(rng))
        text = " ".join(words)
    return text


def answer(rng: random.Random, lang: str, lexicon: Lexicon, *, domain_share: float = 0.3,
           median_words: float = 45.0) -> str:
    """One participant answer of log-normally distributed length (median ``median_words``)."""
    target = max(4, int(rng.lognormvariate(math.log(median_words), 0.8)))
    sentences: list[str] = []
    count = 0
    while count < target:
        if rng.random() < domain_share:
            sentence = _sentence(_domain_clause(rng, lang))
        else:
            sentence = _sentence(_narrative(rng, lang, lexicon))
        sentences.append(sentence)
        count += len(sentence.split())
    return " ".join(sentences)


def question(rng: random.Random, lang: str, lexicon: Lexicon) -> str:
    """An interviewer question of about 5-25 words."""
    pool = ID_QUESTIONS if lang == "id" else EN_QUESTIONS
    text = rng.choice(pool)
    if "{x}" in text:
        topic = rng.choice(ID_OBJECTS if lang == "id" else EN_OBJECTS)
        text = text.replace("{x}", f"{topic} {lexicon.draw(rng)}")
    return text


def interview(rng: random.Random, lang: str, words: int, name: str, lexicon: Lexicon,
              doc_id: str) -> str:
    """An interview of about ``words`` words, with front matter."""
    asker = "Pewawancara" if lang == "id" else "Interviewer"
    lines = ["---", f"id: {doc_id}", f"language: {lang}", f"case: {name}",
             "informant_role: " + rng.choice(["manajer_kasus", "koordinator_mk", "psikolog"]),
             "synthetic: true", "---"]
    count = 0
    while count < words:
        q = question(rng, lang, lexicon)
        a = answer(rng, lang, lexicon)
        lines += [f"{asker}: {q}", "", f"{name}: {a}", ""]
        count += len(q.split()) + len(a.split())
    return "\n".join(lines)


def generate(outdir: Path, words: int, *, seed: int = 7, per_file: int = 10_000,
             english_share: float = 0.25) -> list[Path]:
    """Write interviews totalling about ``words`` words into ``outdir``; return their paths.

    File ``i`` depends only on ``seed`` and ``i``, so a 10M-word corpus starts with the same
    files as the 1M-word one of the same seed.
    """
    lexicon = Lexicon(seed)
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range((words + per_file - 1) // per_file):
        rng = random.Random(f"{seed}:{i}")
        lang = "en" if rng.random() < english_share else "id"
        path = outdir / f"interview-{i:05d}.md"
        name = f"Informan{i % 500:03d}"
        path.write_text(interview(rng, lang, per_file, name, lexicon, f"interview-{i:05d}"),
                        encoding="utf-8")
        paths.append(path)
    return paths


def generate_survey(path: Path, rows: int, *, seed: int = 11) -> Path:
    """Write a response table of ``rows`` open-ended answers (columns id, group, answer)."""
    rng = random.Random(seed)
    lexicon = Lexicon(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "group", "answer"])
        for i in range(rows):
            lang = "en" if rng.random() < 0.25 else "id"
            writer.writerow([f"r{i:06d}", rng.choice("ABCD"),
                             answer(rng, lang, lexicon, median_words=25.0)])
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
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
