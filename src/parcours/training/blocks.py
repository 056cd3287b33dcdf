"""The "training requests" block of an interview.

The interviewer (and the employee while preparing) adds training requests; each becomes
a `TrainingRequest` (origin: interview, linked to the interview) as soon as it is saved,
so the training coordinator sees it at once. The dossier and the signed report list the
requests with their state. Registered from TrainingConfig.ready(); the block's button
posts the interview page's form to `training:interview_block`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parcours.interviews.blocks import Block, BlockContext, register_block
from parcours.skills.models import Skill
from parcours.training import services
from parcours.training.choices import Priority, RequestOrigin
from parcours.training.models import Training, TrainingRequest

BLOCK_CODE = "training_request"


def _first(data, name: str) -> str:
    value = data.get(name, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "").strip()


def _pick(queryset, value: str, field: str):
    if not value:
        return None
    if not value.isdigit():
        raise ValidationError({field: _("Choose from the list.")})
    found = queryset.filter(pk=value).first()
    if found is None:
        raise ValidationError({field: _("Choose from the list.")})
    return found


def catalogue_for_employee(employee):
    return Training.objects.filter(active=True).filter(
        Q(site__isnull=True) | Q(site_id=employee.site_id)
    )


def objectives_for_employee(employee):
    """The employee's own open objectives, the ones a training request may serve."""
    from parcours.objectives.models import Objective

    return Objective.objects.filter(owner=employee).open().order_by("period_end", "pk")


def skills_for_employee(employee):
    return Skill.objects.filter(active=True).filter(
        Q(site__isnull=True) | Q(site_id=employee.site_id)
    )


class TrainingRequestBlock(Block):
    """Trainings asked during the interview, sent to the coordinator at once."""

    label = gettext_lazy("Training requests")
    description = gettext_lazy(
        "Trainings the employee or the manager asks for during the interview; each is sent "
        "to the training coordinator as soon as it is added."
    )
    page_template = "training/blocks/training_request.html"
    pdf_template = "training/blocks/training_request_pdf.html"
    has_data = True
    # Typed but not added when the page's general Save is pressed: see interviews.blocks.
    pending_fields = ("tr-training", "tr-title", "tr-reason")

    def requests(self, ctx: BlockContext) -> list[TrainingRequest]:
        if ctx.interview is None or ctx.interview.pk is None:
            return []
        return list(
            TrainingRequest.objects.filter(interview=ctx.interview)
            .select_related("training", "skill", "session", "objective")
            .order_by("created_at", "pk")
        )

    def context(self, ctx: BlockContext) -> dict:
        from django.urls import reverse

        interview = ctx.interview
        editable = ctx.editable and ctx.viewer in ("employee", "interviewer")
        context = {"requests": self.requests(ctx), "can_add": editable, "action": ""}
        if interview is not None and interview.pk is not None and editable:
            employee = interview.employee
            context.update(
                {
                    "trainings": list(catalogue_for_employee(employee).order_by("code")),
                    "skills": list(skills_for_employee(employee).order_by("code")),
                    "objectives": list(objectives_for_employee(employee)),
                    "priorities": Priority.choices,
                    "action": reverse(
                        "training:interview_block", args=[interview.pk, ctx.section.pk]
                    ),
                }
            )
        return context

    def clean(self, ctx: BlockContext, data: dict) -> dict:
        """`tr-training` (a training of the catalogue) or `tr-title` (in words),
        `tr-reason`, and optionally `tr-skill`, `tr-objective` (an open objective of the
        employee), `tr-priority`, `tr-period`."""
        if ctx.interview is None:
            raise ValidationError(_("This part of the interview has nothing to fill in."))
        employee = ctx.interview.employee
        training = _pick(catalogue_for_employee(employee), _first(data, "tr-training"), "training")
        skill = _pick(skills_for_employee(employee), _first(data, "tr-skill"), "skill")
        objective = _pick(
            objectives_for_employee(employee), _first(data, "tr-objective"), "objective"
        )
        priority = _first(data, "tr-priority") or Priority.NORMAL
        if priority not in Priority.values:
            raise ValidationError({"priority": _("Choose a priority.")})
        title = _first(data, "tr-title")[:200]
        reason = _first(data, "tr-reason")[:5000]
        if training is None and not title:
            raise ValidationError(
                _("Choose a training of the catalogue or say which one in words.")
            )
        if not reason:
            raise ValidationError(_("Say why this training is needed."))
        return {
            "training": training,
            "title": title if training is None else "",
            "reason": reason,
            "skill": skill,
            "objective": objective,
            "priority": priority,
            "wished_period": _first(data, "tr-period")[:100],
        }

    def save(self, ctx: BlockContext, data: dict, *, version: int | None = None):
        if not ctx.editable or ctx.viewer not in ("employee", "interviewer"):
            raise PermissionDenied(_("This interview can no longer change."))
        return services.request_create(
            employee=ctx.interview.employee,
            user=ctx.user,
            origin=RequestOrigin.INTERVIEW,
            interview=ctx.interview,
            **data,
        )

    def report(self, interview, section) -> dict:
        ctx = BlockContext(section=section, interview=interview)
        return {
            "training_requests": [
                {
                    "id": request.pk,
                    "training": request.display_title,
                    "catalogue_code": request.training.code if request.training_id else None,
                    "reason": request.reason,
                    "skill": request.skill.code if request.skill_id else None,
                    "objective": request.objective.title if request.objective_id else None,
                    "priority": request.priority,
                    "wished_period": request.wished_period,
                    "status": request.status,
                }
                for request in self.requests(ctx)
            ]
        }


def register() -> None:
    register_block(BLOCK_CODE, TrainingRequestBlock)
