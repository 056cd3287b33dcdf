"""The signed report: a PDF made once both have signed, kept with its SHA-256 digest."""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation

from parcours.interviews.blocks import BlockContext, get_block
from parcours.interviews.models import Interview, InterviewReport

# WeasyPrint reports each layout step at INFO level: noise in the server's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def current_report(interview: Interview) -> InterviewReport | None:
    return interview.reports.filter(voided_at__isnull=True).order_by("-created_at", "-pk").first()


def report_language(interview: Interview) -> str:
    return interview.employee.preferred_language or "en"


def report_content(interview: Interview) -> dict:
    """What was signed, as JSON: every answer and each block's contribution."""
    from parcours.interviews.selectors import report_rows

    sections = []
    for view in report_rows(interview=interview):
        block = view.section.block
        sections.append(
            {
                "title": view.section.label,
                "block": view.section.block_code or None,
                "block_report": block.report(interview, view.section) if block else None,
                "answers": [
                    {
                        "question": qv.question.label,
                        "side": slot.side,
                        "value": slot.value,
                        "text": slot.display,
                    }
                    for qv in view.questions
                    for slot in qv.slots
                ],
            }
        )
    return {
        "interview": interview.pk,
        "campaign": interview.campaign.name,
        "employee": interview.employee.full_name,
        "employee_number": interview.employee.employee_number,
        "interviewer": interview.interviewer.full_name if interview.interviewer_id else None,
        "template": str(interview.template_version),
        "held_at": interview.held_at.isoformat() if interview.held_at else None,
        "sections": sections,
    }


def render_report_html(interview: Interview) -> str:
    from parcours.interviews.selectors import report_rows

    sections = report_rows(interview=interview)
    parts = []
    for view in sections:
        block = view.section.block
        pdf = ""
        if block is not None:
            pdf = block.render_pdf(BlockContext(section=view.section, interview=interview))
        parts.append((view, pdf))
    has_signature_section = any(view.section.block_code == "signature" for view in sections)
    trailing = ""
    if not has_signature_section:
        signature_block = get_block("signature")
        trailing = signature_block.render_pdf(
            BlockContext(section=None, interview=interview)  # type: ignore[arg-type]
        )
    return render_to_string(
        "interviews/report_pdf.html",
        {
            "interview": interview,
            "parts": parts,
            "trailing": trailing,
            "made_at": timezone.now(),
        },
    )


def render_report_pdf(interview: Interview) -> bytes:
    from weasyprint import HTML

    with translation.override(report_language(interview)):
        html = render_report_html(interview)
    return HTML(string=html).write_pdf()


def report_create(*, interview: Interview, user) -> InterviewReport:
    """Make the PDF of a report both have signed, and keep it with its digest."""
    pdf = render_report_pdf(interview)
    with translation.override(report_language(interview)):
        content = report_content(interview)
    report = InterviewReport(
        interview=interview,
        sha256=hashlib.sha256(pdf).hexdigest(),
        language=report_language(interview),
        content=content,
    )
    report.file.save(f"report-{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
    report._history_user = user if getattr(user, "pk", None) else None
    report._change_reason = "parcours.interview.report_made"
    report.save()
    return report


@dataclass
class Verification:
    ok: bool
    expected: str
    actual: str | None
    problem: str = ""


def report_verify(report: InterviewReport) -> Verification:
    """Read the stored PDF again and compare its SHA-256 digest with the one kept."""
    from django.utils.translation import gettext as _

    try:
        with report.file.open("rb") as stored:
            digest = hashlib.sha256()
            for chunk in iter(lambda: stored.read(65536), b""):
                digest.update(chunk)
    except (FileNotFoundError, ValueError, OSError):
        return Verification(False, report.sha256, None, _("The PDF file is missing."))
    actual = digest.hexdigest()
    if actual != report.sha256:
        return Verification(
            False, report.sha256, actual, _("The PDF differs from the one that was signed.")
        )
    return Verification(True, report.sha256, actual)
