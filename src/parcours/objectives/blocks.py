"""Two interview blocks: "evaluate last period's objectives" and "set new objectives".

Registered with the interviews app's block registry from ObjectivesConfig.ready(); the
interview code knows nothing of objectives. Their forms sit inside the interview page's
form; their buttons post it with `formaction` to `objectives:interview_block`, which goes
through `clean` and `save` like any block.

What the blocks decide is written to the objectives at once, when saved (not when the
interview is marked held or signed): an evaluation is an `Evaluation` row of this
interview, a decision closes, renews or carries over the objective right away, a new
objective is an `Objective` with `set_in` = the interview. While the report is not
signed the interviewer can correct them: saving again updates the same evaluation, and a
changed decision withdraws the continuation it had created (unless someone already
worked on it). The blocks keep no JSON document of their own; once the report is signed
they show what was decided in that interview.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parcours.interviews.blocks import Block, BlockContext, register_block
from parcours.objectives import services
from parcours.objectives.choices import Decision, EvaluationRole, ObjectiveLevel, ObjectiveStatus
from parcours.objectives.models import Evaluation, Objective, ScaleLevel
from parcours.objectives.selectors import scale_levels, suggestions_for

REVIEW = "objectives_review"
NEW = "objectives_new"


def _first(data, name, default=""):
    value = data.get(name, default)
    if isinstance(value, list):
        value = value[0] if value else default
    return value if value is not None else default


def interview_day(interview) -> date:
    """The day of the interview: when it was held, else planned, else today."""
    today = timezone.localdate()
    for moment in (interview.held_at, interview.scheduled_at):
        if moment is not None:
            return min(timezone.localdate(moment), today)
    return today


@dataclass
class ReviewLine:
    objective: Objective
    levels: list
    self_evaluation: Evaluation | None = None
    manager: Evaluation | None = None

    @property
    def decision(self) -> str:
        return self.manager.decision if self.manager is not None else ""


class ObjectivesReviewBlock(Block):
    """Every open objective of the employee, evaluated in the interview."""

    label = gettext_lazy("Evaluate last period's objectives")
    description = gettext_lazy(
        "Every open objective of the employee: the employee's self-evaluation in the "
        "preparation, then the interviewer's evaluation, measured value and comment, and "
        "whether the objective is closed, renewed or carried over."
    )
    page_template = "objectives/blocks/review.html"
    pdf_template = "objectives/blocks/review_pdf.html"
    has_data = True

    def lines(self, interview) -> list[ReviewLine]:
        if interview is None or interview.pk is None:
            return []
        here = Q(closed_in=interview) | Q(evaluations__interview=interview)
        if not interview.is_locked:
            here |= Q(status=ObjectiveStatus.OPEN) & ~Q(set_in=interview)
        objectives = list(
            Objective.objects.filter(owner_id=interview.employee_id)
            .filter(here)
            .distinct()
            .select_related("scale", "set_in__campaign")
            .prefetch_related(
                Prefetch(
                    "evaluations",
                    queryset=Evaluation.objects.filter(interview=interview).select_related("level"),
                    to_attr="here",
                )
            )
            .order_by("period_start", "pk")
        )
        levels = scale_levels(o.scale_id for o in objectives)
        lines = []
        for objective in objectives:
            line = ReviewLine(objective=objective, levels=levels.get(objective.scale_id, []))
            for evaluation in objective.here:
                if evaluation.role == EvaluationRole.SELF:
                    line.self_evaluation = evaluation
                else:
                    line.manager = evaluation
            lines.append(line)
        return lines

    def context(self, ctx: BlockContext) -> dict:
        interview = ctx.interview
        has_interview = interview is not None and interview.pk is not None
        return {
            "lines": self.lines(interview),
            "decisions": Decision.choices,
            "employee_edits": ctx.editable and ctx.viewer == "employee",
            "manager_edits": ctx.editable and ctx.viewer == "interviewer",
            "self_edits": ctx.editable and ctx.viewer in ("employee", "interviewer"),
            # The employee sees the interviewer's evaluation once the report is ready.
            "show_manager": ctx.viewer != "employee"
            or (has_interview and interview.status not in ("to_plan", "planned", "prepared")),
            "action": reverse("objectives:interview_block", args=[interview.pk, ctx.section.pk])
            if has_interview
            else "",
        }

    def render_dossier(self, ctx: BlockContext) -> str:
        """The preparation dossier also shows the team's and department's objectives."""
        collective = []
        if ctx.interview is not None and ctx.interview.pk is not None:
            collective = list(suggestions_for(employee=ctx.interview.employee))
        return self._render(self.page_template, ctx, dossier=True, collective=collective)

    def clean(self, ctx: BlockContext, data: dict) -> dict:
        """`oe-self-level-<id>`, `oe-self-value-<id>`, `oe-self-comment-<id>` (the
        employee's self-evaluation, which the interviewer may also type in from a paper
        preparation), `oe-level-<id>`, `oe-value-<id>`, `oe-comment-<id>`,
        `oe-decision-<id>` (the interviewer), for objectives of the review only."""
        if ctx.interview is None:
            raise ValidationError(_("This part of the interview has nothing to fill in."))
        lines = {line.objective.pk: line for line in self.lines(ctx.interview)}
        cleaned = {"self": self._side(data, lines, "oe-self-", with_decision=False)}
        cleaned["manager"] = (
            {} if ctx.viewer == "employee" else self._side(data, lines, "oe-", with_decision=True)
        )
        return cleaned

    def _side(self, data, lines, prefix: str, *, with_decision: bool) -> dict[int, dict]:
        cleaned: dict[int, dict] = {}
        for key in data:
            if not key.startswith(prefix) or (prefix == "oe-" and key.startswith("oe-self-")):
                continue
            try:
                objective_id = int(key.rsplit("-", 1)[1])
            except ValueError:
                continue
            if objective_id not in lines:
                raise ValidationError(_("This objective is not part of the review."))
            if objective_id in cleaned:
                continue
            line = lines[objective_id]
            level_value = str(_first(data, f"{prefix}level-{objective_id}")).strip()
            level = None
            if level_value:
                level = next((lv for lv in line.levels if str(lv.pk) == level_value), None)
                if level is None:
                    raise ValidationError(_("Choose a level of the objective's scale."))
            try:
                value = services.clean_decimal(
                    _first(data, f"{prefix}value-{objective_id}"), "value"
                )
            except ValidationError as error:
                raise ValidationError(
                    _("“%(title)s”: write the measured value as a number, for example 3.5.")
                    % {"title": line.objective.title}
                ) from error
            decision = ""
            if with_decision:
                decision = str(_first(data, f"oe-decision-{objective_id}")).strip()
                if decision and decision not in Decision.values:
                    raise ValidationError(_("Choose close, renew or carry over."))
            cleaned[objective_id] = {
                "level": level,
                "value": value,
                "comment": str(_first(data, f"{prefix}comment-{objective_id}")).strip()[:5000],
                "decision": decision,
            }
        return cleaned

    @transaction.atomic
    def save(self, ctx: BlockContext, data: dict, *, version: int | None = None):
        interview = ctx.interview
        if not ctx.editable or ctx.viewer not in ("employee", "interviewer"):
            raise PermissionDenied(_("This review can no longer change."))
        lines = {line.objective.pk: line for line in self.lines(interview)}
        day = interview_day(interview)
        saved = []
        for role, entries in (
            (EvaluationRole.SELF, data["self"]),
            (EvaluationRole.MANAGER, data["manager"]),
        ):
            for objective_id, values in entries.items():
                line = lines[objective_id]
                existing = line.self_evaluation if role == EvaluationRole.SELF else line.manager
                empty = (
                    values["level"] is None and values["value"] is None and not values["comment"]
                )
                if empty and not values["decision"] and existing is None:
                    continue
                saved.append(
                    services.evaluation_record(
                        objective=line.objective,
                        user=ctx.user,
                        role=role,
                        level=values["level"],
                        value=values["value"],
                        comment=values["comment"],
                        decision=values["decision"],
                        interview=interview,
                        evaluated_on=day,
                    )
                )
        return saved

    def missing_for_hold(self, interview, section) -> list[str]:
        """Every objective of the review needs the interviewer's evaluation and decision."""
        missing = [
            line.objective.title
            for line in self.lines(interview)
            if line.manager is None or not line.manager.decision
        ]
        if not missing:
            return []
        return [
            _("Objectives to evaluate and decide on: %(titles)s") % {"titles": ", ".join(missing)}
        ]

    def report(self, interview, section) -> dict:
        def grade(evaluation):
            if evaluation is None:
                return None
            return {
                "level": evaluation.level.code if evaluation.level_id else None,
                "value": str(evaluation.value) if evaluation.value is not None else None,
                "comment": evaluation.comment,
                "by": evaluation.evaluator_name,
            }

        return {
            "objectives": [
                {
                    "id": line.objective.pk,
                    "title": line.objective.title,
                    "indicator": line.objective.indicator,
                    "baseline": str(line.objective.baseline)
                    if line.objective.baseline is not None
                    else None,
                    "target": str(line.objective.target)
                    if line.objective.target is not None
                    else None,
                    "unit": line.objective.unit,
                    "self_evaluation": grade(line.self_evaluation),
                    "evaluation": grade(line.manager),
                    "decision": line.decision or None,
                    "status": line.objective.status,
                }
                for line in self.lines(interview)
            ]
        }


class ObjectivesNewBlock(Block):
    """The objectives of the coming period, agreed in the interview."""

    label = gettext_lazy("Set new objectives")
    description = gettext_lazy(
        "The objectives of the coming period: title, indicator, baseline and target, "
        "conditions for success, deadline and weight; they can contribute to a team or "
        'department objective (option {"suggest": ["team", "department"]}).'
    )
    page_template = "objectives/blocks/new.html"
    pdf_template = "objectives/blocks/new_pdf.html"
    has_data = True
    # Typed but not added when the page's general Save is pressed: see interviews.blocks.
    pending_fields = (
        "on-title",
        "on-indicator",
        "on-unit",
        "on-baseline",
        "on-target",
        "on-weight",
        "on-contributes_to",
        "on-conditions",
    )

    def objectives(self, interview) -> list[Objective]:
        if interview is None or interview.pk is None:
            return []
        return list(
            Objective.objects.filter(set_in=interview, owner_id=interview.employee_id)
            .select_related("contributes_to", "previous")
            .order_by("pk")
        )

    def suggestions(self, ctx: BlockContext) -> list[Objective]:
        interview = ctx.interview
        if interview is None or interview.pk is None:
            return []
        wanted = (ctx.section.block_options or {}).get("suggest", ["team", "department"])
        levels = {ObjectiveLevel(code) for code in wanted if code in ("team", "department")}
        return [o for o in suggestions_for(employee=interview.employee) if o.level in levels]

    def context(self, ctx: BlockContext) -> dict:
        interview = ctx.interview
        has_interview = interview is not None and interview.pk is not None
        start = interview_day(interview) if has_interview else timezone.localdate()
        return {
            "objectives": self.objectives(interview),
            "suggestions": self.suggestions(ctx),
            "manager_edits": ctx.editable and ctx.viewer == "interviewer",
            "default_start": start,
            "default_end": start + timedelta(days=364),
            "action": reverse("objectives:interview_block", args=[interview.pk, ctx.section.pk])
            if has_interview
            else "",
        }

    def clean(self, ctx: BlockContext, data: dict) -> dict:
        if ctx.interview is None:
            raise ValidationError(_("This part of the interview has nothing to fill in."))
        title = str(_first(data, "on-title")).strip()
        if not title:
            raise ValidationError(_("Say what the new objective is."))
        start = parse_date(str(_first(data, "on-period_start")).strip() or "") or interview_day(
            ctx.interview
        )
        raw_end = str(_first(data, "on-period_end")).strip()
        end = parse_date(raw_end) if raw_end else start + timedelta(days=364)
        if end is None:
            raise ValidationError(_("Write the deadline as a date."))
        weight = str(_first(data, "on-weight")).strip()
        try:
            weight = int(weight) if weight else None
        except ValueError as error:
            raise ValidationError(_("A weight is a percentage between 1 and 100.")) from error
        parent = str(_first(data, "on-contributes_to")).strip()
        contributes_to = None
        if parent:
            contributes_to = next((o for o in self.suggestions(ctx) if str(o.pk) == parent), None)
            if contributes_to is None:
                raise ValidationError(_("Choose a team or department objective to contribute to."))
        return {
            "title": title,
            "indicator": str(_first(data, "on-indicator")).strip(),
            "unit": str(_first(data, "on-unit")).strip(),
            "baseline": _first(data, "on-baseline"),
            "target": _first(data, "on-target"),
            "conditions": str(_first(data, "on-conditions")),
            "period_start": start,
            "period_end": end,
            "weight": weight,
            "contributes_to": contributes_to,
        }

    @transaction.atomic
    def save(self, ctx: BlockContext, data: dict, *, version: int | None = None):
        if ctx.viewer != "interviewer" or not ctx.editable:
            raise PermissionDenied(_("Only the interviewer sets the new objectives."))
        interview = ctx.interview
        # A double submit of the same objective creates it once.
        existing = Objective.objects.filter(
            set_in=interview, owner_id=interview.employee_id, title=data["title"][:300]
        ).first()
        if existing is not None:
            return existing
        return services.objective_create(
            user=ctx.user,
            level=ObjectiveLevel.INDIVIDUAL,
            owner=interview.employee,
            set_in=interview,
            check_rights=False,
            **data,
        )

    def missing_for_hold(self, interview, section) -> list[str]:
        """With the option `{"min": n}`, at least n new objectives."""
        wanted = int((section.block_options or {}).get("min") or 0)
        if wanted and len(self.objectives(interview)) < wanted:
            return [_("Set at least %(n)s new objectives.") % {"n": wanted}]
        return []

    def report(self, interview, section) -> dict:
        return {
            "objectives": [
                {
                    "id": objective.pk,
                    "title": objective.title,
                    "indicator": objective.indicator,
                    "unit": objective.unit,
                    "baseline": str(objective.baseline) if objective.baseline is not None else None,
                    "target": str(objective.target) if objective.target is not None else None,
                    "conditions": objective.conditions,
                    "period_start": objective.period_start.isoformat(),
                    "period_end": objective.period_end.isoformat(),
                    "weight": objective.weight,
                    "contributes_to": objective.contributes_to.title
                    if objective.contributes_to_id
                    else None,
                    "continues": objective.previous_id,
                }
                for objective in self.objectives(interview)
            ]
        }


def register() -> None:
    register_block(REVIEW, ObjectivesReviewBlock)
    register_block(NEW, ObjectivesNewBlock)


__all__ = ["ObjectivesNewBlock", "ObjectivesReviewBlock", "ScaleLevel", "register"]
