"""The fairness framework data file is faithful to its seed and the loader rejects bad files."""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from remedy_tui.views.framework import (
    CURRENT_EDITION,
    FrameworkError,
    available_editions,
    framework_dir,
    load_edition,
    load_framework,
)

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seeds" / "002_b387e0b5ce6485b0.txt"
DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "framework" / "fairness-framework-1.json"

EXPECTED_IDS = (
    [f"1.{n}" for n in range(1, 11)]
    + [f"2.{n}" for n in range(1, 8)]
    + [f"3.{n}" for n in range(1, 6)]
    + [f"4.{n}" for n in range(1, 6)]
    + [f"5.1.{n}" for n in range(1, 7)]
    + [f"5.2.{n}" for n in range(1, 9)]
)

_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
_QUESTION_LINE = re.compile(r"^\t(\d+(?:\.\d+)+)\s*$")
_PRINCIPLE_HEADING = re.compile(r"^(\d)\. (.+)$")
_PART_HEADING = re.compile(r"^(5\.[12]) (.+)$")


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _clean(line: str) -> str:
    line = _BOOKMARK.sub("", line).strip()
    return line[2:].strip() if line.startswith("· ") else line


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    if not SEED.is_file():
        pytest.skip(f"seed file {SEED} is not present, so the data cannot be checked against it")
    return SEED.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def seed_text(seed_lines: list[str]) -> str:
    return _collapse("\n".join(_clean(line) for line in seed_lines))


@pytest.fixture(scope="module")
def seed_questions(seed_lines: list[str]) -> dict[str, str]:
    """Each question id of the seed mapped to its collapsed text, bullets included."""
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in seed_lines:
        match = _QUESTION_LINE.match(line)
        if match:
            assert match.group(1) not in blocks, f"seed repeats {match.group(1)}"
            current = blocks.setdefault(match.group(1), [])
        elif "☐" in line:
            current = None
        elif current is not None:
            current.append(_clean(line))
    return {qid: _collapse(" ".join(lines)) for qid, lines in blocks.items()}


@pytest.fixture(scope="module")
def seed_headings(seed_lines: list[str]) -> list[tuple[str, str]]:
    """Every bookmarked heading of the seed, as (number, title), in order."""
    headings = []
    for line in seed_lines:
        if "[bookmark:" not in line:
            continue
        cleaned = _BOOKMARK.sub("", line).strip()
        match = _PRINCIPLE_HEADING.match(cleaned) or _PART_HEADING.match(cleaned)
        if match:
            headings.append((match.group(1), match.group(2).strip()))
    return headings


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return data


def _raw_questions(raw: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for p in raw["principles"] for part in p["parts"] for q in part["questions"]]


def test_seed_has_the_41_expected_question_ids(seed_questions: dict[str, str]) -> None:
    assert list(seed_questions) == EXPECTED_IDS


def test_every_source_question_appears_exactly_once_in_source_order(
    seed_questions: dict[str, str], raw: dict[str, Any]
) -> None:
    ids = [q["id"] for q in _raw_questions(raw)]
    assert [qid for qid, count in Counter(ids).items() if count != 1] == []
    assert ids == list(seed_questions)


def test_question_text_and_points_appear_verbatim_in_the_seed(
    seed_text: str, raw: dict[str, Any]
) -> None:
    for q in _raw_questions(raw):
        pieces = [q["text"], *q["points"]]
        if q["after_points"] is not None:
            pieces.append(q["after_points"])
        for piece in pieces:
            assert _collapse(piece) in seed_text, f"{q['id']}: {piece!r} is not in the seed"


def test_each_question_reproduces_its_whole_source_block(
    seed_questions: dict[str, str], raw: dict[str, Any]
) -> None:
    for q in _raw_questions(raw):
        pieces = [q["text"], *q["points"]]
        if q["after_points"] is not None:
            pieces.append(q["after_points"])
        assert _collapse(" ".join(pieces)) == seed_questions[q["id"]], q["id"]


def test_principle_titles_are_as_in_the_source(
    seed_headings: list[tuple[str, str]], raw: dict[str, Any]
) -> None:
    principle_headings = [h for h in seed_headings if "." not in h[0]]
    assert len(principle_headings) == 10
    key_principles, checklist = principle_headings[:5], principle_headings[5:]
    assert [(p["number"], p["key_principle_title"]) for p in raw["principles"]] == key_principles
    assert [(p["number"], p["title"]) for p in raw["principles"]] == checklist


def test_key_principle_titles_match_the_numbered_list_ignoring_case(
    seed_lines: list[str], raw: dict[str, Any]
) -> None:
    start = next(i for i, line in enumerate(seed_lines) if line.strip() == "Key Principles")
    listed = [line.split(". ", 1)[1].strip() for line in seed_lines[start + 2 : start + 7]]
    assert [p["key_principle_title"].casefold() for p in raw["principles"]] == [
        t.casefold() for t in listed
    ]


def test_part_titles_of_principle_5_are_as_in_the_source(
    seed_headings: list[tuple[str, str]], raw: dict[str, Any]
) -> None:
    part_headings = [h for h in seed_headings if "." in h[0]]
    parts = raw["principles"][4]["parts"]
    assert [(part["id"], part["title"]) for part in parts] == part_headings
    assert [part["stage"] for part in parts] == ["immediate_action", "disposal"]


def test_summaries_and_guidance_appear_verbatim_in_the_seed(
    seed_text: str, raw: dict[str, Any]
) -> None:
    for principle in raw["principles"]:
        assert principle["summary"], principle["number"]
        for paragraph in principle["summary"]:
            assert _collapse(paragraph) in seed_text, paragraph
    assert len(raw["guidance"]) == 2
    assert raw["guidance"][0].startswith("Each section of the framework should be consulted")
    assert "not intended to be used as a tick box exercise" in raw["guidance"][1]
    for paragraph in raw["guidance"]:
        assert _collapse(paragraph) in seed_text, paragraph


def test_data_file_is_pretty_printed_utf8_without_escapes() -> None:
    text = DATA_FILE.read_text(encoding="utf-8")
    assert "\\u" not in text
    assert "’" in text
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_current_edition_is_available() -> None:
    assert available_editions()[CURRENT_EDITION] == framework_dir() / f"{CURRENT_EDITION}.json"


def test_load_edition_returns_41_questions_in_order() -> None:
    framework = load_edition()
    assert framework.edition == CURRENT_EDITION
    assert len(framework.questions()) == 41
    assert list(framework.question_ids()) == EXPECTED_IDS
    assert [len(p.questions) for p in framework.principles] == [10, 7, 5, 5, 14]


def test_load_edition_is_cached() -> None:
    assert load_edition() is load_edition()
    assert load_edition(CURRENT_EDITION) is load_edition(CURRENT_EDITION)
    assert load_edition(CURRENT_EDITION) == load_edition()


def test_question_lookup_returns_points_and_trailing_text() -> None:
    framework = load_edition()
    assert len(framework.question("5.2.7").points) == 4
    assert framework.question("5.1.1").after_points == "If not, why not?"
    assert framework.question("1.1").points == ()
    with pytest.raises(KeyError):
        framework.question("6.1")


def test_questions_carry_the_stage_of_their_part() -> None:
    for question in load_edition().questions():
        if question.id.startswith("5.1."):
            expected = "immediate_action"
        elif question.id.startswith("5.2."):
            expected = "disposal"
        else:
            expected = "any"
        assert question.stage == expected, question.id
        assert question.principle == question.id.split(".")[0]


def test_unknown_edition_error_lists_the_known_editions() -> None:
    with pytest.raises(FrameworkError, match=r"'no-such-edition'.*fairness-framework-1"):
        load_edition("no-such-edition")


# Malformed files


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _find(data: dict[str, Any], qid: str) -> dict[str, Any]:
    question: dict[str, Any] = next(q for q in _raw_questions(data) if q["id"] == qid)
    return question


def test_invalid_json_names_the_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "format": "remedy-framework",\n  "edition" "x"\n}\n', encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"^broken\.json: invalid JSON at line 3, column 13"):
        load_framework(path)


def test_missing_question_text_is_rejected(tmp_path: Path, raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    del _find(data, "2.3")["text"]
    with pytest.raises(FrameworkError, match=r"^broken\.json: question 2\.3 has no text$"):
        load_framework(_write(tmp_path, data))


def test_blank_question_text_is_rejected(tmp_path: Path, raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    _find(data, "4.1")["text"] = "   "
    with pytest.raises(FrameworkError, match=r"^broken\.json: question 4\.1 has no text$"):
        load_framework(_write(tmp_path, data))


def test_duplicated_question_id_is_rejected(tmp_path: Path, raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    _find(data, "1.3")["id"] = "1.2"
    with pytest.raises(FrameworkError, match=r"question id 1\.2 appears more than once"):
        load_framework(_write(tmp_path, data))


def test_question_outside_its_part_is_rejected(tmp_path: Path, raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    _find(data, "5.1.2")["id"] = "5.2.9"
    with pytest.raises(FrameworkError, match=r"question 5\.2\.9 is not inside part 5\.1"):
        load_framework(_write(tmp_path, data))


def test_badly_formed_question_id_is_rejected(tmp_path: Path, raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    _find(data, "3.1")["id"] = "3.a"
    with pytest.raises(FrameworkError, match=r"question id '3\.a' is not of the form N\.N"):
        load_framework(_write(tmp_path, data))


def test_unknown_stage_is_rejected(tmp_path: Path, raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    data["principles"][4]["parts"][0]["stage"] = "interim"
    with pytest.raises(FrameworkError, match=r"part 5\.1 has unknown stage 'interim'"):
        load_framework(_write(tmp_path, data))


def test_wrong_format_marker_is_rejected(tmp_path: Path, raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    data["format"] = "something-else"
    with pytest.raises(FrameworkError, match=r"^broken\.json: format must be 'remedy-framework'"):
        load_framework(_write(tmp_path, data))


def test_wrong_format_version_is_rejected(tmp_path: Path, raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    data["format_version"] = 2
    with pytest.raises(FrameworkError, match=r"format_version must be 1, not 2"):
        load_framework(_write(tmp_path, data))


def test_wrong_answers_are_rejected(tmp_path: Path, raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    data["answers"] = ["yes", "no"]
    with pytest.raises(FrameworkError, match=r"answers must be \['yes', 'no', 'unknown'\]"):
        load_framework(_write(tmp_path, data))


def test_unknown_field_is_rejected(tmp_path: Path, raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    _find(data, "1.1")["after_point"] = "typo"
    with pytest.raises(FrameworkError, match=r"question 1 has unknown field\(s\): after_point"):
        load_framework(_write(tmp_path, data))


def test_a_file_that_is_not_an_object_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError, match=r"^broken\.json: the file must be an object"):
        load_framework(_write(tmp_path, [1, 2]))
