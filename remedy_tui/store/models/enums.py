"""The fixed vocabularies of the domain, spelled as the users say them."""

from __future__ import annotations

from enum import StrEnum


class Labelled(StrEnum):
    """A string enum whose members carry a label for people to read."""

    @property
    def label(self) -> str:
        """The wording shown on screen and in documents."""
        return _LABELS.get(self, self.value.replace("_", " ").capitalize())


class Role(Labelled):
    """What a user of Remedy does in the team (seed 004 roles, seed 000 CSG roles)."""

    NON_CLINICAL_CASE_MANAGER = "non_clinical_case_manager"
    CLINICAL_CASE_MANAGER = "clinical_case_manager"
    DEPUTY_POSTGRADUATE_DEAN = "deputy_postgraduate_dean"
    POSTGRADUATE_DEAN = "postgraduate_dean"
    HEAD_OF_SCHOOL = "head_of_school"
    TPD = "tpd"
    CLINICAL_DIRECTOR = "clinical_director"
    DEPUTY_DME = "deputy_dme"
    MEDICAL_STAFFING = "medical_staffing"
    ADMINISTRATOR = "administrator"


class RegistrationBody(Labelled):
    """The regulator holding the practitioner's registration."""

    GMC = "GMC"
    GDC = "GDC"
    GPHC = "GPhC"


class Grade(Labelled):
    """The practitioner's grade; SAS, locum and sessional doctors are named for monitoring."""

    FOUNDATION = "foundation"
    CORE_TRAINEE = "core_trainee"
    SPECIALTY_REGISTRAR = "specialty_registrar"
    GP_TRAINEE = "gp_trainee"
    DENTAL_FOUNDATION = "dental_foundation"
    DENTAL_CORE = "dental_core"
    PHARMACIST_FOUNDATION = "pharmacist_foundation"
    SAS = "sas"
    LOCUM = "locum"
    LOCUM_PERIPATETIC = "locum_peripatetic"
    SESSIONAL_GP = "sessional_gp"
    CONSULTANT = "consultant"
    GP = "gp"
    DENTIST = "dentist"
    PHARMACIST = "pharmacist"
    OTHER = "other"


class ReferralSource(Labelled):
    """Who sent the referral (seed 004 for trainees, seed 000 for employed staff)."""

    TPD = "tpd"
    EDUCATIONAL_SUPERVISOR = "educational_supervisor"
    TRUST = "trust"
    COM = "com"
    OCCUPATIONAL_HEALTH = "occupational_health"
    APPRAISAL = "appraisal"
    RETURN_TO_WORK = "return_to_work"
    SELF = "self"


class Trigger(Labelled):
    """What prompted the referral (seed 004); purely academic issues are out of scope."""

    SERIOUS_INCIDENT = "serious_incident"
    ALTERCATION = "altercation"
    BULLYING = "bullying"
    COMMUNICATION = "communication"
    CHILDCARE = "childcare"
    BEREAVEMENT = "bereavement"
    LESS_THAN_FULL_TIME = "less_than_full_time"
    HEALTH = "health"
    EXAM_FAILURE = "exam_failure"
    OTHER_PERSONAL = "other_personal"


class ReferralStatus(Labelled):
    """Where a referral stands in the triage queue."""

    AWAITING_INFORMATION = "awaiting_information"
    AWAITING_TRIAGE = "awaiting_triage"
    DEFERRED = "deferred"
    DECIDED = "decided"


class TriageOutcome(Labelled):
    """What the weekly triage meeting decides for a referral (seed 004)."""

    NO_FURTHER_ACTION = "no_further_action"
    REFER_BACK_TO_TRUST = "refer_back_to_trust"
    REQUEST_INFORMATION = "request_information"
    OPEN_CASE = "open_case"
    SENIOR_OWNER = "senior_owner"
    ESCALATE_TO_DEAN = "escalate_to_dean"
    DEFER = "defer"
    LINK_TO_CASE = "link_to_case"


class Severity(Labelled):
    """The severity given to one Form 2 concern area."""

    NONE = "none"
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


class CaseStatus(Labelled):
    """A case is open, gone quiet (support continues without activity) or closed with a reason."""

    OPEN = "open"
    QUIET = "quiet"
    CLOSED = "closed"


class DecisionKind(Labelled):
    """The kinds of decision that carry a rationale on the record."""

    TRIAGE = "triage"
    LEVEL_CHANGE = "level_change"
    STATUS_CHANGE = "status_change"
    REASSIGNMENT = "reassignment"
    ESCALATION = "escalation"
    IMMEDIATE_ACTION = "immediate_action"
    DISPOSAL = "disposal"
    CLOSURE = "closure"
    REOPENING = "reopening"
    CSG_OUTCOME = "csg_outcome"
    CHAIR_DISPUTE = "chair_dispute"
    # Kept for the exclusion register to come (MHPS): an exclusion or a restriction of
    # practice is a decision of its own kind, so it can be counted by stage.
    EXCLUSION = "exclusion"
    RESTRICTION = "restriction"


class DecisionOutcome(Labelled):
    """The coded outcome of a decision, so that decisions can be counted; the words shown
    with it (a CSG outcome's own text, a closure's reason) are kept beside it, apart."""

    # A triage decision's outcome is the triage outcome's own code.
    NO_FURTHER_ACTION = "no_further_action"
    REFER_BACK_TO_TRUST = "refer_back_to_trust"
    REQUEST_INFORMATION = "request_information"
    OPEN_CASE = "open_case"
    SENIOR_OWNER = "senior_owner"
    ESCALATE_TO_DEAN = "escalate_to_dean"
    DEFER = "defer"
    LINK_TO_CASE = "link_to_case"
    # Changes to a case.
    LEVEL_RAISED = "level_raised"
    LEVEL_LOWERED = "level_lowered"
    GONE_QUIET = "gone_quiet"
    ACTIVE_AGAIN = "active_again"
    REASSIGNED = "reassigned"
    ESCALATED_TO_DEAN = "escalated_to_dean"
    IMMEDIATE_ACTION_TAKEN = "immediate_action_taken"
    # Principle 5.1 of the fairness framework: suspension from a performers list, or the
    # decision that no immediate action is needed (which the framework asks to be documented).
    SUSPENSION = "suspension"
    NO_IMMEDIATE_ACTION = "no_immediate_action"
    CLOSED = "closed"
    REOPENED = "reopened"
    # The Clinical Support Group.
    CSG_OUTCOME_RECORDED = "csg_outcome_recorded"
    CHAIR_DECIDED = "chair_decided"
    # Exclusion and restriction (MHPS), for the register to come.
    IMMEDIATE_EXCLUSION = "immediate_exclusion"
    FORMAL_EXCLUSION = "formal_exclusion"
    RESTRICTION_OF_PRACTICE = "restriction_of_practice"
    EXCLUSION_EXTENDED = "exclusion_extended"
    EXCLUSION_ENDED = "exclusion_ended"
    # A formal outcome (disposal) of a case.
    NO_CASE_TO_ANSWER = "no_case_to_answer"
    LOCAL_ACTION = "local_action"
    FORMAL_WARNING = "formal_warning"
    CONDITIONS_AGREED = "conditions_agreed"
    DISMISSAL = "dismissal"
    # Principle 5.2's other substantive disposals.
    INFORMAL_RESOLUTION = "informal_resolution"
    ACTION_PLAN = "action_plan"
    # An old decision whose words could not be read as any code above.
    RECORDED = "recorded"


# The outcomes each kind may have: a writer that records any other pair is wrong.
DECISION_OUTCOMES: dict[DecisionKind, frozenset[DecisionOutcome]] = {
    DecisionKind.TRIAGE: frozenset(DecisionOutcome(o.value) for o in TriageOutcome),
    DecisionKind.LEVEL_CHANGE: frozenset(
        {DecisionOutcome.LEVEL_RAISED, DecisionOutcome.LEVEL_LOWERED}
    ),
    DecisionKind.STATUS_CHANGE: frozenset(
        {DecisionOutcome.GONE_QUIET, DecisionOutcome.ACTIVE_AGAIN}
    ),
    DecisionKind.REASSIGNMENT: frozenset({DecisionOutcome.REASSIGNED}),
    DecisionKind.ESCALATION: frozenset({DecisionOutcome.ESCALATED_TO_DEAN}),
    DecisionKind.IMMEDIATE_ACTION: frozenset(
        {
            DecisionOutcome.IMMEDIATE_ACTION_TAKEN,
            DecisionOutcome.SUSPENSION,
            DecisionOutcome.NO_IMMEDIATE_ACTION,
            # A suspension's reviews and end, as an exclusion's.
            DecisionOutcome.EXCLUSION_EXTENDED,
            DecisionOutcome.EXCLUSION_ENDED,
        }
    ),
    DecisionKind.DISPOSAL: frozenset(
        {
            DecisionOutcome.NO_CASE_TO_ANSWER,
            DecisionOutcome.LOCAL_ACTION,
            DecisionOutcome.FORMAL_WARNING,
            DecisionOutcome.CONDITIONS_AGREED,
            DecisionOutcome.DISMISSAL,
            DecisionOutcome.INFORMAL_RESOLUTION,
            DecisionOutcome.ACTION_PLAN,
        }
    ),
    DecisionKind.CLOSURE: frozenset({DecisionOutcome.CLOSED}),
    DecisionKind.REOPENING: frozenset({DecisionOutcome.REOPENED}),
    DecisionKind.CSG_OUTCOME: frozenset({DecisionOutcome.CSG_OUTCOME_RECORDED}),
    DecisionKind.CHAIR_DISPUTE: frozenset({DecisionOutcome.CHAIR_DECIDED}),
    DecisionKind.EXCLUSION: frozenset(
        {
            DecisionOutcome.IMMEDIATE_EXCLUSION,
            DecisionOutcome.FORMAL_EXCLUSION,
            DecisionOutcome.EXCLUSION_EXTENDED,
            DecisionOutcome.EXCLUSION_ENDED,
        }
    ),
    DecisionKind.RESTRICTION: frozenset(
        {
            DecisionOutcome.RESTRICTION_OF_PRACTICE,
            DecisionOutcome.EXCLUSION_EXTENDED,
            DecisionOutcome.EXCLUSION_ENDED,
        }
    ),
}


class ActionKind(Labelled):
    """An action to be done, or a follow-up contact with the practitioner."""

    ACTION = "action"
    FOLLOW_UP = "follow_up"
    INFORMATION_REQUEST = "information_request"


class ActionStatus(Labelled):
    """Where an action stands."""

    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class TimelineKind(Labelled):
    """What a timeline entry records."""

    MEETING = "meeting"
    CALL = "call"
    LETTER = "letter"
    EMAIL = "email"
    NOTE = "note"
    DECISION = "decision"
    DOCUMENT = "document"
    REFERRAL = "referral"
    ACTION = "action"
    RISK = "risk"
    CHECKLIST = "checklist"
    CSG = "csg"


class ChecklistResponse(Labelled):
    """An answer to a fairness framework question (seed 002)."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class ExternalReferralKind(Labelled):
    """Onward referrals a case can make."""

    OCCUPATIONAL_HEALTH = "occupational_health"
    CSG = "csg"
    MEDIATION = "mediation"
    PRACTITIONER_PERFORMANCE_ADVICE = "practitioner_performance_advice"
    REGULATOR = "regulator"
    CLINICAL_REVIEW = "clinical_review"


class ExternalReferralStatus(Labelled):
    """Where an onward referral stands."""

    PROPOSED = "proposed"
    MADE = "made"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class CsgRoute(Labelled):
    """How a practitioner comes to the CSG (seed 000)."""

    COM = "com"
    OCCUPATIONAL_HEALTH = "occupational_health"
    SELF = "self"


class CsgMeetingStatus(Labelled):
    """Where a CSG meeting stands."""

    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class AgendaItemKind(Labelled):
    """Why a case is on a CSG agenda."""

    NEW_REFERRAL = "new_referral"
    REVIEW = "review"
    DISPUTE = "dispute"
    OTHER = "other"


class Attendance(Labelled):
    """A member's attendance at a meeting."""

    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"


class TriageMeetingStatus(Labelled):
    """A triage meeting is in progress or ended with minutes."""

    IN_PROGRESS = "in_progress"
    ENDED = "ended"


_LABELS: dict[StrEnum, str] = {
    Role.NON_CLINICAL_CASE_MANAGER: "Non-clinical case manager",
    Role.CLINICAL_CASE_MANAGER: "Clinical case manager",
    Role.DEPUTY_POSTGRADUATE_DEAN: "Deputy Postgraduate Dean",
    Role.POSTGRADUATE_DEAN: "Postgraduate Dean",
    Role.HEAD_OF_SCHOOL: "Head of School",
    Role.TPD: "Training Programme Director",
    Role.CLINICAL_DIRECTOR: "Clinical Director / CoM",
    Role.DEPUTY_DME: "Deputy DME",
    Role.MEDICAL_STAFFING: "Medical staffing officer",
    Grade.FOUNDATION: "Foundation doctor",
    Grade.CORE_TRAINEE: "Core trainee",
    Grade.SPECIALTY_REGISTRAR: "Specialty registrar",
    Grade.GP_TRAINEE: "GP trainee",
    Grade.DENTAL_FOUNDATION: "Dental foundation trainee",
    Grade.DENTAL_CORE: "Dental core trainee",
    Grade.PHARMACIST_FOUNDATION: "Foundation pharmacist",
    Grade.SAS: "SAS doctor",
    Grade.LOCUM: "Locum",
    Grade.LOCUM_PERIPATETIC: "Locum (peripatetic)",
    Grade.SESSIONAL_GP: "Sessional GP",
    Grade.GP: "GP",
    ReferralSource.TPD: "TPD",
    ReferralSource.EDUCATIONAL_SUPERVISOR: "Educational supervisor",
    ReferralSource.TRUST: "Trust",
    ReferralSource.COM: "CoM",
    ReferralSource.OCCUPATIONAL_HEALTH: "Occupational Health",
    ReferralSource.APPRAISAL: "Appraisal",
    ReferralSource.RETURN_TO_WORK: "Return-to-work interview",
    ReferralSource.SELF: "Practitioner (self)",
    Trigger.LESS_THAN_FULL_TIME: "Less than full time",
    Trigger.OTHER_PERSONAL: "Other personal circumstances",
    TriageOutcome.NO_FURTHER_ACTION: "Keep on file, no further action",
    TriageOutcome.REFER_BACK_TO_TRUST: "Refer back to the trust",
    TriageOutcome.REQUEST_INFORMATION: "Request information",
    TriageOutcome.OPEN_CASE: "Open a case",
    TriageOutcome.SENIOR_OWNER: "Level 3: senior owner",
    TriageOutcome.ESCALATE_TO_DEAN: "Escalate to the Dean",
    TriageOutcome.DEFER: "Defer to next week",
    TriageOutcome.LINK_TO_CASE: "Link to open case",
    DecisionOutcome.NO_FURTHER_ACTION: "Keep on file, no further action",
    DecisionOutcome.REFER_BACK_TO_TRUST: "Refer back to the trust",
    DecisionOutcome.OPEN_CASE: "Open a case",
    DecisionOutcome.SENIOR_OWNER: "Level 3: senior owner",
    DecisionOutcome.ESCALATE_TO_DEAN: "Escalate to the Dean",
    DecisionOutcome.DEFER: "Defer to next week",
    DecisionOutcome.LINK_TO_CASE: "Link to open case",
    DecisionOutcome.GONE_QUIET: "Support gone quiet",
    DecisionOutcome.ACTIVE_AGAIN: "Support active again",
    DecisionOutcome.ESCALATED_TO_DEAN: "Escalated to the Dean",
    DecisionOutcome.CSG_OUTCOME_RECORDED: "CSG outcome recorded",
    DecisionOutcome.CHAIR_DECIDED: "Chair's decision on a dispute",
    DecisionOutcome.RESTRICTION_OF_PRACTICE: "Restriction of practice",
    DecisionOutcome.SUSPENSION: "Suspension (performers list)",
    DecisionOutcome.NO_IMMEDIATE_ACTION: "No immediate action needed",
    DecisionOutcome.INFORMAL_RESOLUTION: "Informal resolution",
    DecisionOutcome.ACTION_PLAN: "Action plan, assessment or agreed terms",
    ExternalReferralKind.OCCUPATIONAL_HEALTH: "Occupational Health",
    ExternalReferralKind.CSG: "Clinical Support Group",
    ExternalReferralKind.MEDIATION: "Assisted mediation",
    ExternalReferralKind.PRACTITIONER_PERFORMANCE_ADVICE: "Practitioner Performance Advice",
    ExternalReferralKind.CLINICAL_REVIEW: "External clinical review",
    CsgRoute.COM: "CoM",
    CsgRoute.OCCUPATIONAL_HEALTH: "Occupational Health",
    CsgRoute.SELF: "Self-referral",
    ChecklistResponse.YES: "Yes",
    ChecklistResponse.NO: "No",
    ChecklistResponse.UNKNOWN: "Unknown",
}
