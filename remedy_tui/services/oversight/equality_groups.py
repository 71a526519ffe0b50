"""What equality by stage counts: the stages a concern moves through, and the fields and groups
practitioners are counted by, each with the reference group its relative likelihood is read
against."""

from __future__ import annotations

import functools

from remedy_tui.services.common.reference_data import equality_monitoring
from remedy_tui.store.models import Grade
from remedy_tui.views.equality import (
    NOT_RECORDED,
    NOT_RECORDED_LABEL,
    EqualityDimension,
    Group,
)

# Grades counted apart (SAS, locum and trainee grades apart, as the issue and seed 001 ask).
GRADE_GROUPS: dict[str, tuple[str, tuple[Grade, ...]]] = {
    "trainee": (
        "Doctors, dentists and pharmacists in training",
        (
            Grade.FOUNDATION,
            Grade.CORE_TRAINEE,
            Grade.SPECIALTY_REGISTRAR,
            Grade.GP_TRAINEE,
            Grade.DENTAL_FOUNDATION,
            Grade.DENTAL_CORE,
            Grade.PHARMACIST_FOUNDATION,
        ),
    ),
    "sas": ("SAS doctors", (Grade.SAS,)),
    "locum": ("Locums (peripatetic included)", (Grade.LOCUM, Grade.LOCUM_PERIPATETIC)),
    "sessional_gp": ("Sessional GPs", (Grade.SESSIONAL_GP,)),
    "established": (
        "Consultants, GPs, dentists and pharmacists",
        (Grade.CONSULTANT, Grade.GP, Grade.DENTIST, Grade.PHARMACIST),
    ),
    "other": ("Other grades", (Grade.OTHER,)),
}
GRADE_OF = {grade.value: group for group, (_, grades) in GRADE_GROUPS.items() for grade in grades}

# The reference group of each field: the MWRES compares with white staff; the others are the
# largest group in most teams (UK graduates, doctors in training, male, 30 to 39, no disability).
REFERENCES = {
    "ethnicity": "white",
    "international_graduate": "uk",
    "grade": "trainee",
    "sex": "male",
    "age_band": "30_39",
    "disability": "no",
}
# The equality-monitoring answers counted, in this order (religion and sexual orientation are
# recorded but not asked for by the stages).
ANSWERED = ("ethnicity", "international_graduate", "sex", "age_band", "disability")
LABELS = {"international_graduate": "Place of primary qualification"}


@functools.cache
def dimensions() -> tuple[EqualityDimension, ...]:
    """Every field counted, grade after place of qualification."""
    monitoring = equality_monitoring()
    fields = {f.field: f for f in monitoring.fields}
    pnts = Group(monitoring.prefer_not_to_say.code, monitoring.prefer_not_to_say.label)
    found = []
    for name in ANSWERED:
        field = fields[name]
        groups = tuple(Group(o.code, o.label) for o in field.options)
        found.append(
            EqualityDimension(
                name,
                LABELS.get(name, field.label),
                (*groups, pnts, Group(NOT_RECORDED, NOT_RECORDED_LABEL)),
                REFERENCES[name],
            )
        )
        if name == "international_graduate":
            grades = tuple(Group(code, label) for code, (label, _) in GRADE_GROUPS.items())
            found.append(EqualityDimension("grade", "Grade", grades, "trainee", declared=False))
    return tuple(found)


def dimension(code: str) -> EqualityDimension:
    """The field called ``code``."""
    for item in dimensions():
        if item.code == code:
            return item
    raise KeyError(code)
