"""The knowledge base as tables and records a reader can check: provisions and cases.

Pure: the knowledge base and the date come in, models go out; `kzlex articles`, `article`,
`cases` and `case` only render them. Everything a record shows carries its source, so a lawyer
can go from any line of the output to the passage it rests on. A bad filter or an unknown name
raises InputError listing what exists, because a browsing command that silently returns
nothing for a typo looks exactly like an empty knowledge base.

This module is the one name callers import; each job lives in its own module:
`browse_names` (naming articles and charges, reading what a reader types), `browse_sources`
(citations), `browse_dates` (what a date means for a provision), `browse_provision_table`
(`kzlex articles`), `browse_provision_record` (`kzlex article`), `browse_case_table`
(`kzlex cases`) and `browse_case_record` (`kzlex case`).
"""

from __future__ import annotations

from engine.features.browse_case_record import (
    CaseChargeOut,
    CaseFindingOut,
    CaseOut,
    CaseOutcomeOut,
    DisputeOut,
    ReadingOut,
    SanctionOut,
    case_record,
    find_case,
)
from engine.features.browse_case_table import ACTS, OUTCOMES, PLATFORMS, CaseRow, CasesOut, cases_table
from engine.features.browse_dates import Replacement
from engine.features.browse_names import (
    CODE_ALIASES,
    CODES,
    ArticleRef,
    charge_label,
    check_code,
    code_label,
    code_name,
    parse_article,
)
from engine.features.browse_provision_record import (
    AmendmentOut,
    AppliedIn,
    CritiqueOut,
    DefenceOut,
    FlagOut,
    PartOut,
    PenaltyOut,
    ProvisionElementOut,
    ProvisionOut,
    RepealOut,
    StatisticOut,
    VersionOut,
    find_provision,
    provision_record,
)
from engine.features.browse_provision_table import ArticlesOut, ProvisionRow, articles_table
from engine.features.browse_sources import RefOut, SourceOut

__all__ = [
    "ACTS",
    "CODES",
    "CODE_ALIASES",
    "OUTCOMES",
    "PLATFORMS",
    "AmendmentOut",
    "AppliedIn",
    "ArticleRef",
    "ProvisionRow",
    "ArticlesOut",
    "CaseFindingOut",
    "CaseOut",
    "CaseRow",
    "CasesOut",
    "CaseChargeOut",
    "CritiqueOut",
    "DefenceOut",
    "DisputeOut",
    "ProvisionElementOut",
    "FlagOut",
    "CaseOutcomeOut",
    "PartOut",
    "PenaltyOut",
    "ProvisionOut",
    "ReadingOut",
    "RefOut",
    "RepealOut",
    "Replacement",
    "SanctionOut",
    "SourceOut",
    "StatisticOut",
    "VersionOut",
    "articles_table",
    "case_record",
    "cases_table",
    "charge_label",
    "check_code",
    "code_label",
    "code_name",
    "find_case",
    "find_provision",
    "parse_article",
    "provision_record",
]
