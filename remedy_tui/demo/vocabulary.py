"""Obviously fictional names, places and phrases for the demo store."""

from __future__ import annotations

GIVEN_NAMES = (
    "Ada",
    "Bram",
    "Cleo",
    "Dev",
    "Esme",
    "Fin",
    "Gala",
    "Hal",
    "Ines",
    "Jory",
    "Kit",
    "Lux",
    "Mira",
    "Nye",
    "Oona",
    "Pip",
    "Quin",
    "Remy",
    "Sol",
    "Tam",
    "Uma",
    "Vin",
    "Wren",
    "Xan",
    "Yara",
    "Zed",
    "Arlo",
    "Bea",
    "Cass",
    "Dara",
    "Eli",
    "Fern",
    "Gus",
    "Hana",
    "Ivo",
    "Juno",
)

FAMILY_NAMES = (
    "Quillfeather",
    "Thistlewick",
    "Puddingstone",
    "Copperkettle",
    "Marrowgate",
    "Larkspur-Demo",
    "Wimbleby",
    "Fernsquire",
    "Inkwhistle",
    "Bramblecote",
    "Dewberry-Test",
    "Nettlefold",
    "Pennywhistle",
    "Saltmarrow",
    "Tumbledown",
    "Hollowquill",
    "Mossbright",
    "Oakenshaw-Demo",
    "Pebbleford",
    "Quartzwell",
    "Rookhaven",
    "Sparrowdale",
    "Teaspoon",
    "Umberwick",
    "Velvetmoss",
    "Willowfable",
    "Yarrowby",
    "Zinnwald-Fict",
    "Amberlight",
    "Buttonhook",
    "Cinderfield",
    "Driftwood-Sample",
    "Emberley",
    "Foxglove-Mock",
    "Gingerbrook",
    "Hazelnutt",
)

TRUSTS = (
    "Northfield Demo NHS Trust",
    "Lowmoor Teaching Hospitals (Demo)",
    "Eastbrook Fictional Healthcare NHS FT",
    "Riverside Sample University Hospitals",
    "Westhaven Mock Community Trust",
    "Greyfell Imaginary Mental Health NHS FT",
)

PROGRAMMES = (
    ("Foundation Programme", "Foundation"),
    ("Core Medical Training", "General medicine"),
    ("General Practice", "General practice"),
    ("Anaesthetics", "Anaesthetics"),
    ("Psychiatry", "Psychiatry"),
    ("General Surgery", "General surgery"),
    ("Paediatrics", "Paediatrics"),
    ("Obstetrics and Gynaecology", "Obstetrics and gynaecology"),
    ("Emergency Medicine", "Emergency medicine"),
    ("Dental Core Training", "Oral surgery"),
    ("Foundation Pharmacist", "Pharmacy"),
)

SUPERVISORS = (
    "Dr Example Supervisor",
    "Dr Placeholder Trainer",
    "Dr Sample Mentor",
    "Dr Fictive Tutor",
    "Dr Mock Educator",
    "Dr Demo Overseer",
)

TPDS = ("Dr Demo TPD-North", "Dr Demo TPD-South", "Dr Demo TPD-East", "Dr Demo TPD-West")

WHAT_HAPPENED = (
    "Raised voice at a nursing colleague during a busy handover; colleague upset.",
    "Late for several shifts over a month; rota coordinator concerned.",
    "Missed deterioration in a patient overnight; serious incident declared.",
    "Complaint from a relative about the tone of a conversation on the ward.",
    "Disagreement with a senior colleague in theatre escalated into an altercation.",
    "Trainee disclosed caring responsibilities after a bereavement and is struggling.",
    "Concerns about prescribing errors in the last two placements.",
    "Reports of feeling bullied by a consultant; trainee has asked for help.",
    "Sickness absence of six weeks; return-to-work interview raised support needs.",
    "Difficulty with written communication in discharge summaries noted by the team.",
)

TIMELINE_PHRASES = (
    (
        "meeting",
        "Meeting with the practitioner",
        "Discussed progress since the last review; agreed next steps.",
    ),
    (
        "call",
        "Telephone call",
        "Practitioner called to update on placement; no new concerns raised.",
    ),
    ("email", "Email from TPD", "TPD reports improved feedback from the team this month."),
    ("letter", "Letter sent", "Letter confirming the support plan and the named point of contact."),
    ("note", "Case note", "Reviewed supervisor report; attendance now regular."),
    ("meeting", "Review meeting", "Reviewed the action plan with the educational supervisor."),
    ("email", "Email to Occupational Health", "Asked OH for an update on recommended adjustments."),
    ("note", "File note", "Spoke with the rota coordinator about the proposed adjustments."),
)

ACTIONS = (
    "Arrange meeting with the practitioner",
    "Request report from the educational supervisor",
    "Refer to Occupational Health",
    "Share the support plan with the TPD",
    "Review progress at next ARCP",
    "Confirm rota adjustments with the trust",
    "Send written summary of the meeting",
    "Check attendance on the wellbeing course",
)

RATIONALES = (
    "Discussed at triage; the evidence in Form 1 and Form 2 supports this.",
    "Proportionate to the concern as described; the practitioner's comments were considered.",
    "The practitioner has engaged well and the supervisor reports improvement.",
    "Patient safety concern requires senior oversight while the facts are established.",
    "Consistent with comparable cases handled this year.",
)

CHECKLIST_RATIONALES = {
    "yes": (
        "Done at the first meeting; recorded in the timeline.",
        "Confirmed in the letter sent to the practitioner.",
        "Discussed with the TPD and recorded.",
    ),
    "no": (
        "Not yet done: to be arranged at the next meeting.",
        "Not done; awaiting the supervisor's report first.",
    ),
    "unknown": (
        "Unclear whether the trust has done this; asked them.",
        "Awaiting information from the employer.",
    ),
}
