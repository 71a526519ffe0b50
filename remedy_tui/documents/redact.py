"""Practitioners' names out of text that circulates: each becomes the practitioner's initials."""

from __future__ import annotations

import re
from collections.abc import Iterable

from remedy_tui.views.csg import PractitionerView


class Redactor:
    """Replaces every practitioner's full name, and each of their names, with their initials."""

    def __init__(self, practitioners: Iterable[PractitionerView]) -> None:
        self.replacements: dict[str, str] = {}
        for person in practitioners:
            names = [person.name, f"{person.given_names} {person.family_name}"]
            for word in (*person.given_names.split(), *person.family_name.split()):
                names.append(word)
                names.extend(re.split(r"[-']", word))
            for name in names:
                name = name.strip()
                if len(name) >= 2 and name.casefold() not in self.replacements:
                    self.replacements[name.casefold()] = person.initials
        alternatives = sorted(self.replacements, key=len, reverse=True)
        self.pattern = (
            re.compile(
                # A name ends at anything but a letter or digit (an underscore too: "ada_lovelace").
                r"(?<![^\W_])(" + "|".join(re.escape(a) for a in alternatives) + r")(?![^\W_])",
                re.IGNORECASE,
            )
            if alternatives
            else None
        )

    def __call__(self, text: str) -> str:
        """``text`` with every practitioner's names replaced by their initials."""
        if self.pattern is None or not text:
            return text
        return self.pattern.sub(lambda m: self.replacements[m.group(1).casefold()], text)
