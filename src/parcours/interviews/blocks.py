"""Blocks: parts of an interview that show live data instead of asking questions.

A template section can hold a block instead of questions. Each block is a class registered
under a code with `register_block(code, BlockClass)`, usually from its app's `ready()`:

    from parcours.interviews.blocks import Block, register_block

    class ObjectivesBlock(Block):
        label = _("Objectives")
        ...

    register_block("objectives", ObjectivesBlock)

A block renders its part of the interview page, of the preparation dossier and of the
PDF; it validates and saves its own data (by default a JSON document per interview and
section, versioned like answers); it says what is missing before the interview can be
marked as held; and it returns what it contributes to the signed report (JSON, kept with
the PDF). The interview code never needs to know which blocks exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from parcours.interviews.models import Interview, Section

_REGISTRY: dict[str, type[Block]] = {}


@dataclass
class BlockContext:
    """Where a block is shown: which interview (None in a template preview), which section,
    who looks at it ("employee", "interviewer", "reader") and whether they may change it."""

    section: Section
    interview: Interview | None = None
    viewer: str = "reader"
    editable: bool = False
    user: Any = None
    request: Any = None
    extra: dict = field(default_factory=dict)


class Block:
    """The base of every block. Subclasses set `label` and override what they need."""

    code: str = ""
    label: Any = ""
    description: Any = ""
    #: Templates of the three renderings; the dossier and PDF default to the page one.
    page_template: str = ""
    dossier_template: str = ""
    pdf_template: str = ""
    #: Whether the block keeps a JSON document per interview (saved by `save`).
    has_data: bool = False
    #: The fields of the block's own small form, recorded by its own button. A non-empty
    #: one posted with the page's general Save is typed input not added yet: the page's
    #: script warns (`data-block-form`), and without it the general Save adds it.
    pending_fields: tuple[str, ...] = ()

    def has_pending_input(self, data) -> bool:
        return any(str(data.get(name, "") or "").strip() for name in self.pending_fields)

    # What the block shows ------------------------------------------------------------

    def context(self, ctx: BlockContext) -> dict:
        """Extra template variables for the three renderings."""
        return {}

    def _render(self, template: str, ctx: BlockContext, **extra) -> str:
        if not template:
            return ""
        context = {"block": self, "ctx": ctx, "section": ctx.section, "interview": ctx.interview}
        context.update(self.context(ctx))
        context.update(extra)
        return render_to_string(template, context, request=ctx.request)

    def render(self, ctx: BlockContext) -> str:
        """Its part of the interview page."""
        return self._render(self.page_template, ctx)

    def render_dossier(self, ctx: BlockContext) -> str:
        """Its part of the preparation dossier."""
        return self._render(self.dossier_template or self.page_template, ctx, dossier=True)

    def render_pdf(self, ctx: BlockContext) -> str:
        """Its part of the signed report's PDF."""
        return self._render(self.pdf_template or self.page_template, ctx, pdf=True)

    # What the block stores -----------------------------------------------------------

    def clean(self, ctx: BlockContext, data: dict) -> dict:
        """Validate posted data (a dict of lists, as a QueryDict gives, or JSON); raise a
        ValidationError with a message a person can act on."""
        if not self.has_data:
            raise ValidationError(_("This part of the interview has nothing to fill in."))
        return data

    def save(self, ctx: BlockContext, data: dict, *, version: int | None = None):
        """Store cleaned data; by default as the block's versioned JSON document."""
        from parcours.interviews import services

        return services.block_data_save(
            interview=ctx.interview, section=ctx.section, data=data, version=version, user=ctx.user
        )

    def data(self, ctx: BlockContext) -> dict:
        if ctx.interview is None or ctx.interview.pk is None:
            return {}
        stored = ctx.interview.block_data.filter(section=ctx.section).first()
        return stored.data if stored is not None else {}

    # What the block means for the interview ------------------------------------------

    def missing_for_hold(self, interview: Interview, section: Section) -> list[str]:
        """What must still be filled in before the interview can be marked as held."""
        return []

    def report(self, interview: Interview, section: Section) -> dict:
        """Its contribution to the signed report, as JSON kept next to the PDF."""
        return {}


def posted_block_context(request, interview_pk, section_pk, block_codes) -> BlockContext:
    """The context of a block's own form, posted from the interview page.

    The interview must be one the user sees and the section one of its version holding a
    block of `block_codes` (else 404); the user must be the employee or the interviewer
    and allowed to change the interview now (else 403).
    """
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import get_object_or_404

    from parcours.interviews.models import Interview, Section
    from parcours.interviews.services import (
        EMPLOYEE,
        INTERVIEWER,
        editable_sides,
        interview_roles,
    )

    interview = get_object_or_404(
        Interview.objects.for_user(request.user).select_related("employee__team"),
        pk=interview_pk,
    )
    section = get_object_or_404(
        Section,
        pk=section_pk,
        version_id=interview.template_version_id,
        block_code__in=list(block_codes),
    )
    roles = interview_roles(request.user, interview)
    if roles == {EMPLOYEE}:
        viewer = "employee"
    elif INTERVIEWER in roles:
        viewer = "interviewer"
    else:
        raise PermissionDenied
    if not editable_sides(interview, roles):
        raise PermissionDenied
    return BlockContext(
        section=section,
        interview=interview,
        viewer=viewer,
        editable=True,
        user=request.user,
        request=request,
    )


def register_block(code: str, block_class: type[Block]) -> None:
    """Make a block available to templates under `code` (once per code)."""
    existing = _REGISTRY.get(code)
    if existing is not None and existing is not block_class:
        raise ValueError(f"Another block is already registered as {code!r}.")
    block_class.code = code
    _REGISTRY[code] = block_class


def get_block(code: str) -> Block | None:
    block_class = _REGISTRY.get(code)
    return block_class() if block_class is not None else None


def block_choices() -> list[tuple[str, str]]:
    return [(code, str(cls.label)) for code, cls in sorted(_REGISTRY.items())]


# The two blocks this app brings ------------------------------------------------------


class SignatureBlock(Block):
    """Where the report is signed: the signatures, or the way to sign."""

    label = _("Signatures")
    description = _("The employee's and the interviewer's signatures, with date and comment.")
    page_template = "interviews/blocks/signature.html"
    pdf_template = "interviews/blocks/signature_pdf.html"
    dossier_template = "interviews/blocks/empty.html"

    def context(self, ctx: BlockContext) -> dict:
        if ctx.interview is None or ctx.interview.pk is None:
            return {"signatures": []}
        return {"signatures": list(ctx.interview.signatures.valid().order_by("role"))}

    def clean(self, ctx: BlockContext, data: dict) -> dict:
        """A signature: the role, how it was given, the drawing, comment and disagreement."""
        from parcours.interviews.choices import SignatureMethod, SignatureRole
        from parcours.interviews.signatures import clean_signature_image

        def first(name, default=""):
            value = data.get(name, default)
            if isinstance(value, list):
                value = value[0] if value else default
            return value

        role = first("role")
        if role not in SignatureRole.values:
            raise ValidationError(_("Say who signs: the employee or the interviewer."))
        method = first("method", SignatureMethod.DRAWN)
        if method not in SignatureMethod.values:
            raise ValidationError(_("Unknown way of signing."))
        image = first("image")
        image = clean_signature_image(image) if method == SignatureMethod.DRAWN else ""
        disagrees = str(first("disagrees", "")).lower() in {"1", "true", "on", "yes"}
        comment = str(first("comment")).strip()
        if disagrees and not comment:
            raise ValidationError(_("Say in a comment what you disagree with."))
        return {
            "role": role,
            "method": method,
            "image": image,
            "comment": comment[:5000],
            "disagrees": disagrees,
        }

    def save(self, ctx: BlockContext, data: dict, *, version: int | None = None):
        from parcours.interviews import services

        return services.interview_sign(interview=ctx.interview, user=ctx.user, **data)

    def report(self, interview: Interview, section: Section) -> dict:
        return {
            "signatures": [
                {
                    "role": signature.role,
                    "name": signature.signer_name,
                    "signed_at": signature.signed_at.isoformat(),
                    "method": signature.method,
                    "comment": signature.comment,
                    "disagrees": signature.disagrees,
                }
                for signature in interview.signatures.valid().order_by("role")
            ]
        }


class PreviousInterviewBlock(Block):
    """The last signed interview of the employee, to look back at what was said."""

    label = _("Previous interview")
    description = _("The answers of the employee's last signed interview, read only.")
    page_template = "interviews/blocks/previous.html"
    pdf_template = "interviews/blocks/previous_pdf.html"
    # The dossier lists the previous interviews in full already.
    dossier_template = "interviews/blocks/empty.html"

    def previous(self, ctx: BlockContext):
        from parcours.interviews.selectors import previous_interview

        if ctx.interview is None or ctx.interview.pk is None:
            return None
        return previous_interview(interview=ctx.interview)

    def context(self, ctx: BlockContext) -> dict:
        from parcours.interviews.selectors import report_rows

        previous = self.previous(ctx)
        rows = report_rows(interview=previous, viewer=ctx.viewer) if previous else []
        return {"previous": previous, "rows": rows}

    def report(self, interview: Interview, section: Section) -> dict:
        from parcours.interviews.selectors import previous_interview

        previous = previous_interview(interview=interview)
        if previous is None:
            return {"previous_interview": None}
        return {
            "previous_interview": {
                "id": previous.pk,
                "campaign": previous.campaign.name,
                "signed_at": previous.signed_at.isoformat() if previous.signed_at else None,
            }
        }


register_block("signature", SignatureBlock)
register_block("previous_interview", PreviousInterviewBlock)
