"""What every area's services share: errors, validation, paging, audit, users, backups.

The names below are imported from their modules when first used (``services/lazy.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from remedy_tui.services.lazy import lazy_getattr

if TYPE_CHECKING:
    from remedy_tui.services.common.audit import (
        record,
    )
    from remedy_tui.services.common.backups import (
        backup_store,
        restore_store,
    )
    from remedy_tui.services.common.conflicts import (
        check_version,
        describe_changes_since,
    )
    from remedy_tui.services.common.decisions import (
        DecisionDetail,
        DecisionRow,
        check_rationale,
        decision_detail,
        decision_page,
        record_decision,
    )
    from remedy_tui.services.common.errors import (
        ConflictError,
        DomainError,
        NotFoundError,
        PermissionDeniedError,
        ValidationError,
    )
    from remedy_tui.services.common.exports import (
        export_file,
        export_path,
    )
    from remedy_tui.services.common.paging import (
        Page,
        count_rows,
        last_offset,
        rows_in_order,
    )
    from remedy_tui.services.common.reference_data import (
        ConcernAreas,
        CsgRole,
        CsgRoles,
        EqualityField,
        EqualityMonitoring,
        MediationConditions,
        Option,
        ReferenceDataError,
        RegulatorPrompts,
        concern_areas,
        csg_roles,
        data_file,
        equality_monitoring,
        mediation_conditions,
        regulator_prompts,
    )
    from remedy_tui.services.common.team import (
        Colleague,
        colleagues,
    )
    from remedy_tui.services.common.users import (
        UserView,
        add_user,
        change_passphrase,
        disable_user,
        list_users,
        recover_access,
    )
    from remedy_tui.services.common.validation import (
        check_username,
        clean_rationale,
        clean_text,
        date_value,
        parse_date,
        required_text,
        whole_number,
    )

_WHERE = {
    "Colleague": "remedy_tui.services.common.team",
    "ConcernAreas": "remedy_tui.services.common.reference_data",
    "ConflictError": "remedy_tui.services.common.errors",
    "CsgRole": "remedy_tui.services.common.reference_data",
    "CsgRoles": "remedy_tui.services.common.reference_data",
    "DecisionDetail": "remedy_tui.services.common.decisions",
    "DecisionRow": "remedy_tui.services.common.decisions",
    "DomainError": "remedy_tui.services.common.errors",
    "EqualityField": "remedy_tui.services.common.reference_data",
    "EqualityMonitoring": "remedy_tui.services.common.reference_data",
    "MediationConditions": "remedy_tui.services.common.reference_data",
    "NotFoundError": "remedy_tui.services.common.errors",
    "Option": "remedy_tui.services.common.reference_data",
    "Page": "remedy_tui.services.common.paging",
    "PermissionDeniedError": "remedy_tui.services.common.errors",
    "ReferenceDataError": "remedy_tui.services.common.reference_data",
    "RegulatorPrompts": "remedy_tui.services.common.reference_data",
    "UserView": "remedy_tui.services.common.users",
    "ValidationError": "remedy_tui.services.common.errors",
    "add_user": "remedy_tui.services.common.users",
    "backup_store": "remedy_tui.services.common.backups",
    "change_passphrase": "remedy_tui.services.common.users",
    "check_rationale": "remedy_tui.services.common.decisions",
    "check_username": "remedy_tui.services.common.validation",
    "check_version": "remedy_tui.services.common.conflicts",
    "clean_rationale": "remedy_tui.services.common.validation",
    "clean_text": "remedy_tui.services.common.validation",
    "colleagues": "remedy_tui.services.common.team",
    "concern_areas": "remedy_tui.services.common.reference_data",
    "count_rows": "remedy_tui.services.common.paging",
    "csg_roles": "remedy_tui.services.common.reference_data",
    "data_file": "remedy_tui.services.common.reference_data",
    "date_value": "remedy_tui.services.common.validation",
    "decision_detail": "remedy_tui.services.common.decisions",
    "decision_page": "remedy_tui.services.common.decisions",
    "describe_changes_since": "remedy_tui.services.common.conflicts",
    "disable_user": "remedy_tui.services.common.users",
    "equality_monitoring": "remedy_tui.services.common.reference_data",
    "export_file": "remedy_tui.services.common.exports",
    "export_path": "remedy_tui.services.common.exports",
    "last_offset": "remedy_tui.services.common.paging",
    "list_users": "remedy_tui.services.common.users",
    "mediation_conditions": "remedy_tui.services.common.reference_data",
    "parse_date": "remedy_tui.services.common.validation",
    "record": "remedy_tui.services.common.audit",
    "record_decision": "remedy_tui.services.common.decisions",
    "recover_access": "remedy_tui.services.common.users",
    "regulator_prompts": "remedy_tui.services.common.reference_data",
    "required_text": "remedy_tui.services.common.validation",
    "restore_store": "remedy_tui.services.common.backups",
    "rows_in_order": "remedy_tui.services.common.paging",
    "whole_number": "remedy_tui.services.common.validation",
}

__getattr__ = lazy_getattr(__name__, _WHERE)


__all__ = [
    "Colleague",
    "ConcernAreas",
    "ConflictError",
    "CsgRole",
    "CsgRoles",
    "DecisionDetail",
    "DecisionRow",
    "DomainError",
    "EqualityField",
    "EqualityMonitoring",
    "MediationConditions",
    "NotFoundError",
    "Option",
    "Page",
    "PermissionDeniedError",
    "ReferenceDataError",
    "RegulatorPrompts",
    "UserView",
    "ValidationError",
    "add_user",
    "backup_store",
    "change_passphrase",
    "check_rationale",
    "check_username",
    "check_version",
    "clean_rationale",
    "clean_text",
    "colleagues",
    "concern_areas",
    "count_rows",
    "csg_roles",
    "data_file",
    "date_value",
    "decision_detail",
    "decision_page",
    "describe_changes_since",
    "disable_user",
    "equality_monitoring",
    "export_file",
    "export_path",
    "last_offset",
    "list_users",
    "mediation_conditions",
    "parse_date",
    "record",
    "record_decision",
    "recover_access",
    "regulator_prompts",
    "required_text",
    "restore_store",
    "rows_in_order",
    "whole_number",
]
