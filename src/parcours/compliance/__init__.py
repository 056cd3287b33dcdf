"""Compliance: which interviews the law and company policies require, and when.

Only the pure engine is exported here. The Django models and services of this app live in
their own modules and import the engine, never the other way round, so importing this
package must stay free of Django.
"""

from .engine import (
    DEFAULT_SETTINGS,
    LEAVE_KINDS,
    LEGAL_INTERVIEW_KINDS,
    Assessment,
    CompanyPolicy,
    EmployeeFacts,
    Employer,
    EmployerDuty,
    HeldInterview,
    Leave,
    Obligation,
    Penalty,
    Settings,
    Status,
    Training,
    assess,
)

__all__ = [
    "DEFAULT_SETTINGS",
    "LEAVE_KINDS",
    "LEGAL_INTERVIEW_KINDS",
    "Assessment",
    "CompanyPolicy",
    "EmployeeFacts",
    "Employer",
    "EmployerDuty",
    "HeldInterview",
    "Leave",
    "Obligation",
    "Penalty",
    "Settings",
    "Status",
    "Training",
    "assess",
]
