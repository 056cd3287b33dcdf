"""The "skills review" block of an interview: the skills of the employee's position with
the required and current level, the employee's self-assessment and the manager's new
level. Saving records the new levels as assessments with source "interview"; the
employee's levels are self-assessments that the manager's levels answer.

Registered with the interviews app's block registry from SkillsConfig.ready(); the
interview code knows nothing of skills. The block's form posts to a skills page
(`skills:interview_block`), which goes through `clean` and `save` like any block.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parcours.interviews.blocks import Block, BlockContext, register_block
from parcours.skills import services
from parcours.skills.choices import AssessmentSource
from parcours.skills.models import Assessment, CurrentLevel, Level, PositionRequirement, Skill
from parcours.skills.selectors import domain_nodes, level_scale

BLOCK_CODE = "skills_review"


@dataclass
class ReviewLine:
    skill: Skill
    required: int | None
    before: int | None
    proposed: int | None
    after: int | None
    note: str = ""

    @property
    def gap(self) -> bool:
        return bool(self.required) and (
            self.after if self.after is not None else self.before or 0
        ) < (self.required)


def _as_level(value) -> int | None:
    if isinstance(value, list):
        value = value[0] if value else ""
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise ValidationError(_("Choose a level of the scale.")) from error


def _text(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "").strip()[:1000]


class SkillsReviewBlock(Block):
    """The skills of the position, reviewed together in the interview."""

    label = gettext_lazy("Skills review")
    description = gettext_lazy(
        "The skills of the employee's position: required and current level, the employee's "
        "self-assessment and the manager's new level, recorded in the skills matrix."
    )
    page_template = "skills/blocks/skills_review.html"
    pdf_template = "skills/blocks/skills_review_pdf.html"
    has_data = True

    # What the block shows ------------------------------------------------------------

    def lines(self, ctx: BlockContext) -> list[ReviewLine]:
        interview = ctx.interview
        if interview is None or interview.pk is None:
            return []
        employee = interview.employee
        data = self.data(ctx)
        required = dict(
            PositionRequirement.objects.filter(position_id=employee.position_id).values_list(
                "skill_id", "level"
            )
        )
        current = dict(
            CurrentLevel.objects.filter(employee=employee).values_list("skill_id", "level")
        )
        proposals = dict(
            Assessment.objects.proposed().filter(employee=employee).values_list("skill_id", "level")
        )
        recorded = {int(key): value for key, value in data.get("levels", {}).items()}
        before = {int(key): value for key, value in data.get("before", {}).items()}
        proposed_then = {int(key): value for key, value in data.get("proposed", {}).items()}
        notes = {int(key): value for key, value in data.get("notes", {}).items()}
        wanted = (
            set(required)
            | {skill_id for skill_id, level in current.items() if level > 0}
            | set(proposals)
            | set(recorded)
        )
        nodes = domain_nodes()
        skills = sorted(
            Skill.objects.filter(pk__in=wanted).select_related("domain"),
            key=lambda s: (
                s.pk not in required,
                nodes[s.domain_id].sort_key if s.domain_id in nodes else (),
                s.code,
            ),
        )
        return [
            ReviewLine(
                skill=skill,
                required=required.get(skill.pk),
                before=before.get(skill.pk, current.get(skill.pk)),
                proposed=proposals.get(skill.pk, proposed_then.get(skill.pk)),
                after=recorded.get(skill.pk),
                note=notes.get(skill.pk, ""),
            )
            for skill in skills
        ]

    def context(self, ctx: BlockContext) -> dict:
        from django.urls import reverse

        stored = None
        if ctx.interview is not None and ctx.interview.pk is not None:
            stored = ctx.interview.block_data.filter(section=ctx.section).first()
        return {
            "lines": self.lines(ctx),
            "scale": level_scale(),
            "employee_edits": ctx.editable and ctx.viewer == "employee",
            "manager_edits": ctx.editable and ctx.viewer == "interviewer",
            "version": stored.version if stored is not None else 0,
            "action": reverse("skills:interview_block", args=[ctx.interview.pk, ctx.section.pk])
            if ctx.interview is not None and ctx.interview.pk is not None
            else "",
        }

    # What the block stores -----------------------------------------------------------

    def clean(self, ctx: BlockContext, data: dict) -> dict:
        """`self-<skill>` (the employee) or `level-<skill>` and `note-<skill>` (the
        interviewer), for skills of the review; a level must be one of the scale."""
        if ctx.interview is None:
            raise ValidationError(_("This part of the interview has nothing to fill in."))
        allowed = {line.skill.pk for line in self.lines(ctx)}
        extra = data.get("add_skill")
        if extra and ctx.viewer == "interviewer":
            skill_id = _as_level(extra)
            site_id = ctx.interview.employee.site_id
            catalogue = Skill.objects.filter(active=True).filter(
                Q(site__isnull=True) | Q(site_id=site_id)
            )
            if not catalogue.filter(pk=skill_id).exists():
                raise ValidationError(_("This skill is not in the catalogue of this site."))
            allowed.add(skill_id)
        ranks = set(Level.objects.values_list("rank", flat=True))
        prefix = "self-" if ctx.viewer == "employee" else "level-"
        levels: dict[int, int] = {}
        notes: dict[int, str] = {}
        for key, value in data.items():
            if not key.startswith(prefix) and not key.startswith("note-"):
                continue
            try:
                skill_id = int(key.split("-", 1)[1])
            except ValueError:
                continue
            if skill_id not in allowed:
                raise ValidationError(_("This skill is not part of the review."))
            if key.startswith("note-"):
                notes[skill_id] = _text(value)
                continue
            level = _as_level(value)
            if level is None:
                continue
            if level not in ranks:
                raise ValidationError(_("Choose a level of the scale."))
            levels[skill_id] = level
        return {"levels": levels, "notes": notes}

    @transaction.atomic
    def save(self, ctx: BlockContext, data: dict, *, version: int | None = None):
        """The employee's levels become self-assessments; the interviewer's are recorded
        as assessments (source: interview) and kept in the block's document."""
        interview = ctx.interview
        employee = interview.employee
        skills = {skill.pk: skill for skill in Skill.objects.filter(pk__in=data["levels"])}
        if ctx.viewer == "employee":
            if not ctx.editable:
                raise PermissionDenied(_("Your preparation can no longer change."))
            pending = dict(
                Assessment.objects.proposed()
                .filter(employee=employee)
                .values_list("skill_id", "level")
            )
            for skill_id, level in data["levels"].items():
                if pending.get(skill_id) != level:
                    services.self_assessment_propose(
                        employee=employee,
                        skill=skills[skill_id],
                        level=level,
                        note=data["notes"].get(skill_id, ""),
                        user=ctx.user,
                    )
            return None
        if ctx.viewer != "interviewer" or not ctx.editable:
            raise PermissionDenied(_("Only the interviewer records the new levels."))
        from parcours.interviews import services as interview_services

        stored = self.data(ctx)
        document = {
            "levels": dict(stored.get("levels", {})),
            "notes": dict(stored.get("notes", {})),
            "before": dict(stored.get("before", {})),
            "proposed": dict(stored.get("proposed", {})),
            "recorded": dict(stored.get("recorded", {})),
        }
        current = dict(
            CurrentLevel.objects.filter(employee=employee).values_list("skill_id", "level")
        )
        proposals = {
            proposal.skill_id: proposal
            for proposal in Assessment.objects.proposed().filter(employee=employee)
        }
        day = _interview_day(interview)
        for skill_id, level in data["levels"].items():
            key = str(skill_id)
            document["notes"][key] = data["notes"].get(skill_id, "")
            if document["levels"].get(key) == level:
                continue
            document["before"].setdefault(key, current.get(skill_id))
            proposal = proposals.get(skill_id)
            if proposal is not None:
                document["proposed"][key] = proposal.level
            assessment = services.assessment_record(
                employee=employee,
                skill=skills[skill_id],
                level=level,
                source=AssessmentSource.INTERVIEW,
                assessed_on=day,
                note=data["notes"].get(skill_id, ""),
                answers=proposal,
                user=ctx.user,
            )
            document["levels"][key] = level
            document["recorded"][key] = assessment.pk
        return interview_services.block_data_save(
            interview=interview, section=ctx.section, data=document, version=version, user=ctx.user
        )

    # What the block means for the interview ------------------------------------------

    def missing_for_hold(self, interview, section) -> list[str]:
        """With the option `require_all`, every skill of the position needs a new level."""
        if not (section.block_options or {}).get("require_all"):
            return []
        ctx = BlockContext(section=section, interview=interview)
        missing = [
            line.skill.label for line in self.lines(ctx) if line.required and line.after is None
        ]
        if not missing:
            return []
        return [_("Skills review: no level yet for %(skills)s.") % {"skills": ", ".join(missing)}]

    def report(self, interview, section) -> dict:
        scale = level_scale()
        ctx = BlockContext(section=section, interview=interview)
        return {
            "skills": [
                {
                    "code": line.skill.code,
                    "label": line.skill.label,
                    "required": scale.code(line.required) if line.required else None,
                    "before": scale.code(line.before) if line.before is not None else None,
                    "self_assessment": scale.code(line.proposed)
                    if line.proposed is not None
                    else None,
                    "after": scale.code(line.after) if line.after is not None else None,
                    "note": line.note,
                }
                for line in self.lines(ctx)
            ]
        }


def _interview_day(interview):
    """The day the levels were seen: when the interview was held, else today."""
    today = timezone.localdate()
    for moment in (interview.held_at, interview.scheduled_at):
        if moment is not None:
            return min(timezone.localdate(moment), today)
    return today


def register() -> None:
    register_block(BLOCK_CODE, SkillsReviewBlock)
