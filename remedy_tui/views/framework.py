"""The Principles and Framework for Fairness and Proportionality, loaded from versioned data.

Each edition of the framework lives in ``data/framework/<edition>.json`` (format
``remedy-framework``, version 1). The text is kept word for word as published, so this module
only validates and exposes it; nothing here rewrites the wording.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from remedy_tui import config

FORMAT = "remedy-framework"
FORMAT_VERSION = 1
ANSWERS = ("yes", "no", "unknown")
STAGES = frozenset({"any", "immediate_action", "disposal"})
CURRENT_EDITION = "fairness-framework-1"

_PRINCIPLE_NUMBER = re.compile(r"[1-9][0-9]*")
_PART_ID = re.compile(r"[1-9][0-9]*(\.[1-9][0-9]*)?")
_QUESTION_ID = re.compile(r"[1-9][0-9]*\.[1-9][0-9]*(\.[1-9][0-9]*)?")

_TOP_KEYS = frozenset(
    {
        "format",
        "format_version",
        "edition",
        "title",
        "publisher",
        "attribution",
        "answers",
        "guidance",
        "principles",
    }
)
_PRINCIPLE_KEYS = frozenset({"number", "title", "key_principle_title", "summary", "parts"})
_PART_KEYS = frozenset({"id", "title", "stage", "questions"})
_QUESTION_KEYS = frozenset({"id", "text", "points", "after_points"})


class FrameworkError(ValueError):
    """A framework file that cannot be read or does not follow the expected format."""


@dataclass(frozen=True)
class Question:
    """One checklist question, answered yes, no or unknown with a rationale."""

    id: str
    text: str
    points: tuple[str, ...]
    after_points: str | None
    principle: str
    part: str
    stage: str


@dataclass(frozen=True)
class Part:
    """A group of questions within a principle, tied to a stage of the case."""

    id: str
    title: str | None
    stage: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Principle:
    """One of the five principles, with its key-principle summary and its questions."""

    number: str
    title: str
    key_principle_title: str
    summary: tuple[str, ...]
    parts: tuple[Part, ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        """Every question of this principle, in source order."""
        return tuple(q for part in self.parts for q in part.questions)


@dataclass(frozen=True)
class Framework:
    """One edition of the framework: guidance, principles, parts and questions."""

    edition: str
    title: str
    publisher: str
    attribution: str
    guidance: tuple[str, ...]
    principles: tuple[Principle, ...]
    _index: dict[str, Question] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        self._index.update((q.id, q) for q in self.questions())

    def questions(self) -> tuple[Question, ...]:
        """Every question of the framework, in source order."""
        return tuple(q for principle in self.principles for q in principle.questions)

    def question(self, id: str) -> Question:
        """The question with this identifier (``KeyError`` if there is none)."""
        try:
            return self._index[id]
        except KeyError:
            raise KeyError(f"{self.edition} has no question {id!r}") from None

    def question_ids(self) -> tuple[str, ...]:
        """The identifiers of every question, in source order."""
        return tuple(q.id for q in self.questions())


class _Checker:
    """Validation helpers that prefix every problem with the source's name."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, problem: str) -> FrameworkError:
        return FrameworkError(f"{self.source}: {problem}")

    def mapping(self, value: object, where: str, allowed: frozenset[str]) -> dict[str, object]:
        if not isinstance(value, dict):
            raise self.fail(f"{where} must be an object, not {_kind(value)}")
        unknown = sorted(str(k) for k in value if k not in allowed)
        if unknown:
            raise self.fail(f"{where} has unknown field(s): {', '.join(unknown)}")
        return {str(k): v for k, v in value.items()}

    def text(self, obj: dict[str, object], key: str, where: str, *, name: str = "") -> str:
        label = name or key
        if key not in obj or obj[key] is None:
            raise self.fail(f"{where} has no {label}")
        value = obj[key]
        if not isinstance(value, str):
            raise self.fail(f"{where}: {label} must be a string, not {_kind(value)}")
        value = value.strip()
        if not value:
            raise self.fail(f"{where} has no {label}")
        return value

    def optional_text(self, obj: dict[str, object], key: str, where: str) -> str | None:
        if obj.get(key) is None:
            return None
        return self.text(obj, key, where)

    def texts(self, obj: dict[str, object], key: str, where: str) -> tuple[str, ...]:
        if key not in obj:
            raise self.fail(f"{where} has no {key}")
        value = obj[key]
        if not isinstance(value, list):
            raise self.fail(f"{where}: {key} must be a list, not {_kind(value)}")
        items: list[str] = []
        for n, item in enumerate(value, start=1):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"{where}: item {n} of {key} must be a non-empty string")
            items.append(item.strip())
        return tuple(items)

    def items(self, obj: dict[str, object], key: str, where: str) -> list[object]:
        value = obj.get(key)
        if not isinstance(value, list):
            raise self.fail(f"{where}: {key} must be a list, not {_kind(value)}")
        if not value:
            raise self.fail(f"{where} has no {key}")
        return value


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def parse_framework(data: object, *, source: str) -> Framework:
    """Build a :class:`Framework` from decoded JSON, raising :class:`FrameworkError` if invalid."""
    check = _Checker(source)
    top = check.mapping(data, "the file", _TOP_KEYS)
    if top.get("format") != FORMAT:
        raise check.fail(f"format must be {FORMAT!r}, not {top.get('format')!r}")
    version = top.get("format_version")
    if isinstance(version, bool) or version != FORMAT_VERSION:
        raise check.fail(f"format_version must be {FORMAT_VERSION}, not {version!r}")
    edition = check.text(top, "edition", "the file")
    title = check.text(top, "title", "the file")
    publisher = check.text(top, "publisher", "the file")
    attribution = check.text(top, "attribution", "the file")
    if top.get("answers") != list(ANSWERS):
        raise check.fail(f"answers must be {list(ANSWERS)!r}, not {top.get('answers')!r}")
    guidance = check.texts(top, "guidance", "the file")

    seen: set[str] = set()

    def claim(kind: str, ident: str) -> None:
        if ident in seen:
            raise check.fail(f"{kind} id {ident} appears more than once")
        seen.add(ident)

    principles: list[Principle] = []
    for p_n, raw_principle in enumerate(check.items(top, "principles", "the file"), start=1):
        p_obj = check.mapping(raw_principle, f"principle {p_n}", _PRINCIPLE_KEYS)
        number = check.text(p_obj, "number", f"principle {p_n}", name="number")
        if not _PRINCIPLE_NUMBER.fullmatch(number):
            raise check.fail(f"principle {p_n}: number {number!r} is not a whole number")
        where_p = f"principle {number}"
        claim("principle", number)
        parts: list[Part] = []
        for part_n, raw_part in enumerate(check.items(p_obj, "parts", where_p), start=1):
            part_obj = check.mapping(raw_part, f"{where_p}, part {part_n}", _PART_KEYS)
            part_id = check.text(part_obj, "id", f"{where_p}, part {part_n}", name="id")
            if not _PART_ID.fullmatch(part_id):
                raise check.fail(f"part id {part_id!r} is not of the form N or N.N")
            if part_id != number and not part_id.startswith(f"{number}."):
                raise check.fail(f"part {part_id} is not inside principle {number}")
            where_part = f"part {part_id}"
            if part_id != number:
                claim("part", part_id)
            part_title = check.optional_text(part_obj, "title", where_part)
            stage = part_obj.get("stage")
            if not isinstance(stage, str) or stage not in STAGES:
                known = ", ".join(sorted(STAGES))
                raise check.fail(f"{where_part} has unknown stage {stage!r} (expected {known})")
            questions: list[Question] = []
            for q_n, raw_q in enumerate(check.items(part_obj, "questions", where_part), start=1):
                q_obj = check.mapping(raw_q, f"{where_part}, question {q_n}", _QUESTION_KEYS)
                q_id = check.text(q_obj, "id", f"{where_part}, question {q_n}", name="id")
                if not _QUESTION_ID.fullmatch(q_id):
                    raise check.fail(f"question id {q_id!r} is not of the form N.N or N.N.N")
                parent, _, _ = q_id.rpartition(".")
                if parent != part_id:
                    raise check.fail(f"question {q_id} is not inside part {part_id}")
                claim("question", q_id)
                where_q = f"question {q_id}"
                text = check.text(q_obj, "text", where_q)
                points = check.texts(q_obj, "points", where_q)
                after_points = check.optional_text(q_obj, "after_points", where_q)
                if after_points is not None and not points:
                    raise check.fail(f"{where_q} has after_points but no points")
                questions.append(
                    Question(
                        id=q_id,
                        text=text,
                        points=points,
                        after_points=after_points,
                        principle=number,
                        part=part_id,
                        stage=stage,
                    )
                )
            parts.append(Part(part_id, part_title, stage, tuple(questions)))
        principles.append(
            Principle(
                number=number,
                title=check.text(p_obj, "title", where_p),
                key_principle_title=check.text(p_obj, "key_principle_title", where_p),
                summary=check.texts(p_obj, "summary", where_p),
                parts=tuple(parts),
            )
        )
    return Framework(
        edition=edition,
        title=title,
        publisher=publisher,
        attribution=attribution,
        guidance=guidance,
        principles=tuple(principles),
    )


def load_framework(path: Path) -> Framework:
    """Read and validate one framework file, raising :class:`FrameworkError` if it is invalid."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise FrameworkError(
            f"{path.name}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc
    except UnicodeDecodeError as exc:
        raise FrameworkError(f"{path.name}: not UTF-8 text ({exc.reason})") from exc
    return parse_framework(data, source=path.name)


def framework_dir() -> Path:
    """The folder holding one JSON file per edition of the framework."""
    return config.data_dir() / "framework"


def available_editions() -> dict[str, Path]:
    """Every edition shipped with Remedy, as edition id mapped to its file."""
    folder = framework_dir()
    if not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.json"))}


@functools.cache
def load_edition(edition: str = CURRENT_EDITION) -> Framework:
    """The named edition of the framework, read once and then served from memory."""
    editions = available_editions()
    path = editions.get(edition)
    if path is None:
        known = ", ".join(sorted(editions)) or "none"
        raise FrameworkError(f"unknown framework edition {edition!r} (known editions: {known})")
    framework = load_framework(path)
    if framework.edition != edition:
        raise FrameworkError(
            f"{path.name}: edition is {framework.edition!r} but the file name says {edition!r}"
        )
    return framework
