"""Pure-Python interview-obligation engine (no Django import anywhere in it).

    from parcours.compliance import Employer, EmployeeFacts, assess
    result = assess(employer, facts, on=date(2026, 3, 1), settings=..., policies=[...])

`assess` applies the rules in force on `on` to the facts known on `on` and returns an
`Assessment`: the policy applied, every obligation (history included: met and missed ones
explain the penalty check) with its status and the rule that produced its due date, the
penalty outlook, and employer duties (Belgium). The specification is
docs/compliance-rules.md (shared docs); where it leaves a choice, this engine takes the
ones below, each marked "product choice" or explained where it is coded:

- FR-EP-2014 and FR-EP-2019 form one timeline with FR-EPP-2025; a due date is computed by
  the law in force when its period starts and converted when it runs past the reform.
- For a company whose pre-reform agreement set the periodicity, FR-EP-2019 stays the
  policy until 30 Sep 2026, and deadlines running on 1 Oct 2026 are converted then.
- An agreement signed after the reform is ignored for deadlines under FR-EP-2019.
- The COVID relief is known from 12 Mar 2020; it extends every deadline falling between
  1 Jan 2020 and 30 Jun 2021, and a top-up from a summary held during the suspension is
  due by the end of the quarter after 30 Jun 2021.
- A summary passes when every counted interview was held on time and the employee had two
  of: a training, a certification or VAE, a pay or career progression (the FR-EP-2014
  test, which the later laws keep); the 3,000 EUR top-up needs both a missed interview
  and no non-mandatory training. Penalty windows use the due dates in force (COVID
  extension included).
- Summary cycles run from the anchor (hire or 7 Mar 2014) every 6 years, then 8; an
  FR-EP-2019 summary may be held from the last year of its cycle, an FR-EPP-2025 one from
  7 years after the first interview of the cycle, and is tolerated (shown, never met)
  until the day before the 9th anniversary. The next cycle is listed once the running
  summary is held or its window closed.
- Leaves that follow each other with only a weekend between them are one absence.
  Ordinary and long sickness follow the same working-time setting.
- The end-of-career obligation is due the day before the 60th birthday and is listed
  once its window opens; it is met by the first interview of the window if that one
  covers the topic, and missed otherwise.
- The mid-career obligation needs a recorded medical visit on or after the reform.
- Belgian duties: 4 training days per FTE in 2023, 5 from 2024 (law of 3 Oct 2022).
"""

from .assess import assess
from .company import CompanyPolicy
from .facts import (
    DEFAULT_SETTINGS,
    LEAVE_KINDS,
    LEGAL_INTERVIEW_KINDS,
    EmployeeFacts,
    Employer,
    HeldInterview,
    Leave,
    Settings,
    Training,
)
from .results import Assessment, EmployerDuty, Obligation, Penalty, Status

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
