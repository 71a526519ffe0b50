"""Free text in a document that circulates, checked against every practitioner in the store.

A circulated document is built from structured data (case references, initials); whatever free
text it carries (an item's title, a discussion, an action) passes through a :class:`Redactor`
first. The redactor removes, and never replaces with anyone's initials:

- every word that is a part (two letters or more) of any practitioner's given names, family
  name or the name they ask to be addressed by, whole words, whatever the case or accents;
- every registration number in the store, and any number that looks like one: six digits or
  more (spaces between them allowed; GMC and GPhC numbers have seven, GDC numbers up to six),
  and any number written after "GMC", "GDC" or "GPhC".

Case references (``C-000012``) are the circulation copy's own way of naming a case and stay.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

REMOVED = "[removed]"

# A word: letters and digits; anything else (an underscore too: "ada_lovelace") ends it.
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_PART = re.compile(r"[^\W_]+")
# Six digits or more, single spaces allowed between them ("700 0024").
_LONG_NUMBER = re.compile(r"(?<!\d)\d(?:[ \u00a0]?\d){5,}(?!\d)")
# Any number after a regulator's name: "GMC 9000024", "GDC no. 81245", "GPhC: 2012345".
_AFTER_REGULATOR = re.compile(
    r"(?<![^\W_])(?:GMC|GDC|GPhC)(?![^\W_])[\s:#.]*(?:(?:no|number|reg)\b[\s:#.]*)?"
    r"(\d(?:[ \u00a0]?\d)*)",
    re.IGNORECASE,
)
_CASE_REFERENCE = re.compile(r"(?<![^\W_])C-\d{6,9}(?![^\W_])")
_LINK = re.compile(r"https?://\S+", re.IGNORECASE)
# What may stand between two removals for them to become one: "Fern Amberlight", "Smith-Jones".
_JOIN = re.compile(r"[\s'’.-]{0,3}")
# A one-letter start of a name joined by an apostrophe: the "O'" of "O'Brien".
_NAME_START = re.compile(r"(?<![^\W_])[^\W_]['’]$")


def name_key(word: str) -> str:
    """How a name is compared: accents stripped, case folded (``Zoë`` and ``ZOE`` are one)."""
    decomposed = unicodedata.normalize("NFKD", word)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.casefold().replace("ı", "i")


def number_key(number: str) -> str:
    """How a registration number is compared: letters and digits only, case folded."""
    return "".join(c for c in number if c.isalnum()).casefold()


@dataclass(frozen=True)
class Identifiers:
    """Everything in the store that identifies a practitioner, as comparison keys."""

    names: frozenset[str]
    numbers: frozenset[str]


def identifiers(people: Iterable[tuple[str | None, ...]]) -> Identifiers:
    """The keys of ``people``: each row its names (given, family, how addressed) and last its
    registration number."""
    names: set[str] = set()
    numbers: set[str] = set()
    for row in people:
        *name_fields, number = row
        for text in name_fields:
            for part in _PART.findall(text or ""):
                if len(part) >= 2:
                    names.add(name_key(part))
        if number and number_key(number):
            numbers.add(number_key(number))
    return Identifiers(frozenset(names), frozenset(numbers))


@dataclass(frozen=True)
class Removal:
    """One piece of free text that lost something: the text and where each removal was."""

    text: str
    spans: tuple[tuple[int, int], ...]

    def redacted(self) -> str:
        """The text as the document shows it."""
        return _replace(self.text, self.spans, lambda _: REMOVED)

    def marked(self) -> str:
        """The text with each removal marked, for the person about to produce the document."""
        return _replace(self.text, self.spans, lambda piece: f"[removed: {piece}]")


def _replace(text: str, spans: Iterable[tuple[int, int]], by: Callable[[str], str]) -> str:
    out: list[str] = []
    last = 0
    for start, end in spans:
        out += [text[last:start], by(text[start:end])]
        last = end
    return "".join(out) + text[last:]


@dataclass
class Redactor:
    """Removes every practitioner's names and numbers from free text, and keeps a log of what
    it removed (for the preview)."""

    known: Identifiers
    log: list[Removal] = field(default_factory=list)

    def spans(self, text: str, *, link: bool = False) -> tuple[tuple[int, int], ...]:
        """Where ``text`` names or numbers a practitioner, merged, in order (in a ``link``,
        the meeting's video link, a long number is part of the address and stays)."""
        found: list[tuple[int, int]] = []
        for word in _WORD.finditer(text):
            if number_key(word.group()) in self.known.numbers:
                found.append(word.span())
                continue
            for part in _PART.finditer(word.group()):
                key = name_key(part.group())
                if key in self.known.names or number_key(key) in self.known.numbers:
                    found.append((word.start() + part.start(), word.start() + part.end()))
        kept = [m.span() for m in _CASE_REFERENCE.finditer(text)]
        if link:
            kept += [m.span() for m in _LINK.finditer(text)]
        for match in _LONG_NUMBER.finditer(text):
            if not any(s <= match.start() and match.end() <= e for s, e in kept):
                found.append(match.span())
        found += [m.span(1) for m in _AFTER_REGULATOR.finditer(text)]
        return _merged(text, found)

    def __call__(self, text: str, *, link: bool = False) -> str:
        """``text`` with each name and number removed (``[removed]``); logged when it was."""
        if not text:
            return text
        spans = self.spans(text, link=link)
        if not spans:
            return text
        removal = Removal(text, spans)
        if removal not in self.log:
            self.log.append(removal)
        return removal.redacted()


def _merged(text: str, spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        joined = _NAME_START.search(text, 0, start)
        if joined is not None and joined.end() == start:
            start = joined.start()
        if merged:
            last_start, last_end = merged[-1]
            gap = _JOIN.fullmatch(text, last_end, start) if start >= last_end else None
            if start <= last_end or gap is not None:
                merged[-1] = (last_start, max(last_end, end))
                continue
        merged.append((start, end))
    return tuple(merged)
