from qualcode.errors import CodebookError, InputError, Issue, IssueCollector


def test_error_renders_location_hint_and_issues():
    err = InputError("the file is empty", path="a.txt", line=3, hint="add text")
    assert str(err) == "a.txt:3: the file is empty\nHint: add text"


def test_issue_str():
    issue = Issue("E1", "bad key 'lable'", path="cb.yaml", line=4, where="enabler",
                  hint="did you mean 'label'?")
    assert str(issue) == (
        "cb.yaml:4 (enabler): bad key 'lable' [E1]\n    hint: did you mean 'label'?"
    )


def test_collector_raises_all_errors_at_once():
    collector = IssueCollector(path="cb.yaml")
    collector.add("E1", "one", line=1)
    collector.add("W1", "just a warning", severity="warning")
    collector.add("E2", "two", line=2)
    try:
        collector.raise_if_errors(CodebookError, "invalid codebook")
    except CodebookError as exc:
        assert exc.message == "invalid codebook: 2 problems found (and 1 warning)"
        assert [i.code for i in exc.issues] == ["E1", "W1", "E2"]
    else:  # pragma: no cover
        raise AssertionError("expected CodebookError")
