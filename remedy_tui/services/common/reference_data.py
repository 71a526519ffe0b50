"""The small versioned data files in ``data/``: concern areas, CSG roles, equality categories,
mediation conditions and regulator prompts. Each is validated when first read; a malformed
file is a clear error naming the file and the problem."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from remedy_tui import config


class ReferenceDataError(ValueError):
    """A data file that is missing or does not follow its format."""


@dataclass(frozen=True)
class Option:
    """A coded choice with the words shown for it."""

    code: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class ConcernAreas:
    """The Form 2 concern areas and the severities each can be given."""

    edition: str
    note: str
    areas: tuple[Option, ...]
    severities: tuple[Option, ...]

    def area(self, code: str) -> Option:
        """The area with ``code`` (KeyError if unknown)."""
        for area in self.areas:
            if area.code == code:
                return area
        raise KeyError(code)


@dataclass(frozen=True)
class CsgRole:
    """A membership role of the Clinical Support Group (seed 000)."""

    code: str
    label: str
    source_text: str
    max_members: int | None
    is_chair: bool


@dataclass(frozen=True)
class CsgRoles:
    """The CSG roles and the pairs one person may not hold together."""

    edition: str
    source: str
    roles: tuple[CsgRole, ...]
    incompatible: tuple[tuple[frozenset[str], str], ...]

    def role(self, code: str) -> CsgRole:
        """The role with ``code`` (KeyError if unknown)."""
        for role in self.roles:
            if role.code == code:
                return role
        raise KeyError(code)

    @property
    def chair(self) -> CsgRole:
        """The role that chairs the group."""
        return next(role for role in self.roles if role.is_chair)


@dataclass(frozen=True)
class EqualityField:
    """One optional equality-monitoring question and its answers."""

    field: str
    label: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class EqualityMonitoring:
    """The equality-monitoring fields; every one also allows "prefer not to say"."""

    edition: str
    note: str
    prefer_not_to_say: Option
    fields: tuple[EqualityField, ...]

    def label_for(self, field: str, code: str | None) -> str:
        """The words for ``code`` in ``field`` ("Not recorded" when None)."""
        if code is None:
            return "Not recorded"
        if code == self.prefer_not_to_say.code:
            return self.prefer_not_to_say.label
        for item in self.fields:
            if item.field == field:
                for option in item.options:
                    if option.code == code:
                        return option.label
        return code


@dataclass(frozen=True)
class MediationConditions:
    """The six conditions under which assisted mediation works best (seed 003)."""

    edition: str
    source: str
    conditions: tuple[Option, ...]
    contact: str


@dataclass(frozen=True)
class RegulatorPrompts:
    """The regulators, and the matters that must always be referred to them."""

    edition: str
    note: str
    regulators: tuple[Option, ...]
    mandatory_matters: tuple[Option, ...]


class _Reader:
    def __init__(self, name: str, expected_format: str) -> None:
        self.name = name
        path = config.data_dir() / name
        try:
            self.data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ReferenceDataError(f"{name}: the file is missing from {path.parent}") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise ReferenceDataError(f"{name}: not valid JSON ({exc})") from None
        if not isinstance(self.data, dict) or self.data.get("format") != expected_format:
            raise ReferenceDataError(f"{name}: not a {expected_format} file")

    def fail(self, problem: str) -> ReferenceDataError:
        return ReferenceDataError(f"{self.name}: {problem}")

    def text(self, obj: Any, key: str, where: str) -> str:
        value = obj.get(key) if isinstance(obj, dict) else None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where} has no {key}")
        return value

    def items(self, obj: Any, key: str, where: str) -> list[Any]:
        value = obj.get(key) if isinstance(obj, dict) else None
        if not isinstance(value, list) or not value:
            raise self.fail(f"{where} has no {key} list")
        return value

    def options(
        self, obj: Any, key: str, where: str, label_key: str = "label"
    ) -> tuple[Option, ...]:
        options = []
        seen: set[str] = set()
        for n, item in enumerate(self.items(obj, key, where), start=1):
            code = self.text(item, "code", f"{where} {key} {n}")
            if code in seen:
                raise self.fail(f"{where} repeats the code {code!r}")
            seen.add(code)
            hint = item.get("hint", "") if isinstance(item, dict) else ""
            options.append(
                Option(code, self.text(item, label_key, f"{where} {code}"), str(hint or ""))
            )
        return tuple(options)


@functools.cache
def concern_areas() -> ConcernAreas:
    """The Form 2 concern areas (``data/concern_areas.json``)."""
    reader = _Reader("concern_areas.json", "remedy-concern-areas")
    data = reader.data
    result = ConcernAreas(
        edition=reader.text(data, "edition", "the file"),
        note=reader.text(data, "note", "the file"),
        areas=reader.options(data, "areas", "the file"),
        severities=reader.options(data, "severities", "the file"),
    )
    if {s.code for s in result.severities} != {"none", "low", "moderate", "high"}:
        raise reader.fail("severities must be none, low, moderate and high")
    return result


@functools.cache
def csg_roles() -> CsgRoles:
    """The CSG membership roles (``data/csg_roles.json``)."""
    reader = _Reader("csg_roles.json", "remedy-csg-roles")
    data = reader.data
    roles = []
    for n, item in enumerate(reader.items(data, "roles", "the file"), start=1):
        code = reader.text(item, "code", f"role {n}")
        max_members = item.get("max_members")
        if max_members is not None and (not isinstance(max_members, int) or max_members < 1):
            raise reader.fail(f"role {code} has a max_members that is not a positive number")
        roles.append(
            CsgRole(
                code,
                reader.text(item, "label", f"role {code}"),
                reader.text(item, "source_text", f"role {code}"),
                max_members,
                bool(item.get("is_chair", False)),
            )
        )
    codes = [role.code for role in roles]
    if len(set(codes)) != len(codes):
        raise reader.fail("a role code is repeated")
    if sum(role.is_chair for role in roles) != 1:
        raise reader.fail("exactly one role must chair the group")
    incompatible = []
    for n, item in enumerate(data.get("incompatible", []), start=1):
        pair = item.get("roles") if isinstance(item, dict) else None
        if not isinstance(pair, list) or len(pair) != 2 or not set(pair) <= set(codes):
            raise reader.fail(f"incompatible pair {n} must name two known roles")
        incompatible.append((frozenset(pair), reader.text(item, "reason", f"pair {n}")))
    return CsgRoles(
        reader.text(data, "edition", "the file"),
        reader.text(data, "source", "the file"),
        tuple(roles),
        tuple(incompatible),
    )


@functools.cache
def equality_monitoring() -> EqualityMonitoring:
    """The equality-monitoring fields (``data/equality.json``)."""
    reader = _Reader("equality.json", "remedy-equality-monitoring")
    data = reader.data
    pnts = data.get("prefer_not_to_say")
    prefer = Option(
        reader.text(pnts, "code", "prefer_not_to_say"),
        reader.text(pnts, "label", "prefer_not_to_say"),
    )
    fields = []
    for n, item in enumerate(reader.items(data, "fields", "the file"), start=1):
        name = reader.text(item, "field", f"field {n}")
        fields.append(
            EqualityField(
                name,
                reader.text(item, "label", f"field {name}"),
                reader.options(item, "options", f"field {name}"),
            )
        )
    return EqualityMonitoring(
        reader.text(data, "edition", "the file"),
        reader.text(data, "note", "the file"),
        prefer,
        tuple(fields),
    )


@functools.cache
def mediation_conditions() -> MediationConditions:
    """The six assisted-mediation conditions (``data/mediation.json``)."""
    reader = _Reader("mediation.json", "remedy-mediation-conditions")
    data = reader.data
    conditions = reader.options(data, "conditions", "the file", label_key="text")
    if len(conditions) != 6:
        raise reader.fail(
            f"expected the six conditions of NHS Resolution's assisted mediation guidance, found "
            f"{len(conditions)}"
        )
    return MediationConditions(
        reader.text(data, "edition", "the file"),
        reader.text(data, "source", "the file"),
        conditions,
        reader.text(data, "contact", "the file"),
    )


@functools.cache
def regulator_prompts() -> RegulatorPrompts:
    """The regulators and the matters that always go to them (``data/regulator.json``)."""
    reader = _Reader("regulator.json", "remedy-regulator-prompts")
    data = reader.data
    return RegulatorPrompts(
        reader.text(data, "edition", "the file"),
        reader.text(data, "note", "the file"),
        reader.options(data, "regulators", "the file"),
        reader.options(data, "mandatory_matters", "the file"),
    )


def data_file(name: str) -> Path:
    """The path of a data file (for messages and the README)."""
    return config.data_dir() / name
