"""A codebook's examples coded with its own rules (warning C160)."""

from __future__ import annotations

from pathlib import Path

import pytest

import qualcode
from qualcode.coding.matcher import compile_codebook
from qualcode.io.codebook import load_codebook, parse_codebook
from qualcode.io.codebook_examples import check_codebook_examples

BOOK = """\
name: ex
version: "1"
languages: [en]
dimensions:
  - id: mood
    label: Mood
    exclusive: true
codes:
  - id: waiting
    label: Waiting
    examples:
      positive: ["We sat in the lobby for ages.", "I waited an hour."]
      negative: ["I waited five minutes, fine.", "The waiter was rude."]
    rules:
      - phrases: {en: [wait]}
        except: [waiter]
  - id: queue
    label: Queue
    examples: ["The queue was long.", "A queue, but the queue moved fast."]
    exclude:
      - phrases: {en: [moved fast]}
    rules:
      - phrases: {en: [queue]}
  - id: staff
    label: Staff
    examples:
      positive: "The clerk was rude."
    rules:
      - phrases: {en: [clerk]}
    min_hits: 2
  - id: feeling
    label: Feeling
    dimension: mood
    codes:
      - id: angry
        label: Angry
        examples:
          positive: ["I was angry and a bit sad, so sad, really sad."]
        rules:
          - phrases: {en: [angry]}
      - id: sad
        label: Sad
        rules:
          - phrases: {en: [sad]}
    examples:
      positive: ["I was sad."]
      negative: ["I was angry."]
  - id: asked
    label: Asked
    scope: interviewer
    examples: ["Did you wait long?"]
    rules:
      - phrases: {en: [long]}
  - id: by_hand
    label: By hand
    manual: true
    examples: ["Anything at all."]
"""


def _issues(tmp_path: Path, text: str = BOOK) -> list[tuple[int | None, str | None, str, str]]:
    path = tmp_path / "ex.yaml"
    path.write_text(text, encoding="utf-8")
    book = load_codebook(path)
    return [(i.line, i.where, i.message, i.hint) for i in check_codebook_examples(book)
            if i.code == "C160" and i.severity == "warning" and i.path == str(path)]


def test_each_example_coded_otherwise_than_it_says_is_a_warning_on_its_line(tmp_path):
    assert _issues(tmp_path) == [
        (12, "waiting.examples.positive[0]",
         'positive example "We sat in the lobby for ages." is not coded \'waiting\' '
         "(no code applies)",
         "no rule of 'waiting' matches it: add a phrase or rule that does, or correct the "
         "example ('qualcode codebook show --hits' lists what each rule catches)"),
        (13, "waiting.examples.negative[0]",
         'negative example "I waited five minutes, fine." is coded \'waiting\'',
         "waiting.rules[0] matching 'waited': add the word forms to the rule's except list or "
         "an exclude rule, or correct the example"),
        (19, "queue.examples[1]",
         'positive example "A queue, but the queue moved fast." is not coded \'queue\' '
         "(no code applies)",
         "queue.exclude[0] matching 'moved fast': narrow the exclusion, or correct the "
         "example"),
        (27, "staff.examples.positive",
         'positive example "The clerk was rude." is not coded \'staff\' (no code applies)',
         "staff.rules[0] matching 'clerk': fewer hits than min_hits 2; lower min_hits, or "
         "correct the example"),
        (38, "angry.examples.positive[0]",
         'positive example "I was angry and a bit sad, so sad, really sad." is not coded '
         "'angry' (it is coded sad)",
         "angry.rules[0] matching 'angry', but dimension 'mood' is exclusive and gives the "
         "example sad instead (more distinct words matched, then more hits): reword the "
         "example or the rules"),
        # A parent is applied through its children: "I was sad." is coded feeling.
        (47, "feeling.examples.negative[0]",
         'negative example "I was angry." is coded \'feeling\' (through angry)',
         "angry.rules[0] matching 'angry': add the word forms to the rule's except list or an "
         "exclude rule, or correct the example"),
    ]


def test_a_codebook_whose_examples_hold_is_clean_and_the_matcher_may_be_given():
    book = parse_codebook(
        "name: ok\nversion: '1'\nlanguages: [en]\ncodes:\n  - id: waiting\n    label: W\n"
        "    examples: {positive: [I waited.], negative: [The waiter came.]}\n"
        "    rules: [{phrases: {en: [wait]}, except: [waiter]}]\n")
    assert check_codebook_examples(book) == []
    assert check_codebook_examples(book, matcher=compile_codebook(book)) == []
    assert qualcode.check_codebook_examples is check_codebook_examples


def test_without_the_file_an_example_is_placed_on_its_codes_line(tmp_path):
    """From text, or once the file has changed, the lines of the examples are not known."""
    book = parse_codebook(BOOK)
    issues = check_codebook_examples(book)
    assert [(i.line, i.where) for i in issues][:2] == [
        (9, "waiting.examples.positive[0]"), (9, "waiting.examples.negative[0]")]
    assert issues[0].path == "<string>"
    path = tmp_path / "ex.yaml"
    path.write_text(BOOK, encoding="utf-8")
    book = load_codebook(path)
    path.write_text("\n\n" + BOOK, encoding="utf-8")
    assert [i.line for i in check_codebook_examples(book)][:2] == [9, 9]
    path.unlink()
    assert [i.line for i in check_codebook_examples(book)][:2] == [9, 9]


@pytest.mark.parametrize("examples", ["", "    examples: {}\n"])
def test_no_examples_no_warnings(examples):
    book = parse_codebook("name: ok\nversion: '1'\ncodes:\n  - id: a\n    label: A\n"
                          f"{examples}    rules: [{{phrases: [x]}}]\n")
    assert check_codebook_examples(book) == []
