"""The signed report: locked, made into a PDF, and checkable by its SHA-256 digest."""

import hashlib
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from parcours.interviews import services
from parcours.interviews.choices import InterviewStatus
from parcours.interviews.reports import current_report, report_verify
from tests.interviews.conftest import answer_everything, question, set_status
from tests.interviews.factories import drawn_signature


@pytest.fixture
def signed(world):
    interview = world.interview(world.org.chloe)
    answer_everything(interview)
    set_status(interview, InterviewStatus.HELD)
    services.interview_sign(
        interview=interview,
        user=world.users.leader,
        role="employee",
        method="drawn",
        image=drawn_signature(),
        comment="I want to learn the new press.",
    )
    return services.interview_sign(
        interview=interview, user=world.users.leader, role="manager", method="confirmed"
    )


def test_it_stores_the_pdf_with_its_digest(signed, tmp_path):
    report = current_report(signed)
    data = report.file.read()
    assert data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == report.sha256
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Chloé Dubois" in text
    assert "I want to learn the new press." in text
    assert report_verify(report).ok


def test_it_keeps_what_was_signed_as_json(signed):
    content = current_report(signed).content
    assert content["employee"] == "Chloé Dubois"
    year = next(section for section in content["sections"] if section["title"] == "The year")
    assert {
        "question": "Summary",
        "side": "manager",
        "value": "Went well",
        "text": "Went well",
    } in (year["answers"])
    signatures = next(s for s in content["sections"] if s["block"] == "signature")
    assert {s["role"] for s in signatures["block_report"]["signatures"]} == {"employee", "manager"}


def test_it_detects_a_tampered_pdf(signed, capsys):
    report = current_report(signed)
    call_command("verify_report", str(signed.pk))
    assert "is intact" in capsys.readouterr().out
    path = report.file.path
    with open(path, "r+b") as stored:
        stored.seek(-20, 2)
        stored.write(b"% changed afterwards")
    assert not report_verify(report).ok
    with pytest.raises(CommandError) as failed:
        call_command("verify_report", str(signed.pk))
    assert "differs from the one that was signed" in str(failed.value)


def test_it_reports_a_missing_pdf(signed):
    report = current_report(signed)
    report.file.storage.delete(report.file.name)
    result = report_verify(report)
    assert not result.ok and "missing" in result.problem


def test_it_locks_the_report_once_both_have_signed(signed, world):
    with pytest.raises(ValidationError) as refused:
        services.answer_save(
            interview=signed,
            question=question(signed, "Summary"),
            side="manager",
            value="Changed after signing",
            version=1,
            user=world.users.leader,
        )
    assert "signed and locked" in str(refused.value)
    with pytest.raises(ValidationError):
        services.interview_sign(
            interview=signed, user=world.users.operator, role="employee", method="confirmed"
        )


def test_it_voids_the_signatures_and_the_pdf_when_hr_reopens(signed, world):
    first = current_report(signed)
    reopened = services.interview_reopen(
        interview=signed, user=world.users.group_hr, reason="Wrong level recorded"
    )
    assert current_report(reopened) is None
    first.refresh_from_db()
    assert first.voided_at is not None and first.file.storage.exists(first.file.name)
    assert not reopened.signatures.valid().exists()
    # Corrected, then signed again: a new PDF.
    services.answer_save(
        interview=reopened,
        question=question(reopened, "Summary"),
        side="manager",
        value="Corrected",
        version=1,
        user=world.users.leader,
    )
    for who, role in (("operator", "employee"), ("leader", "manager")):
        reopened = services.interview_sign(
            interview=reopened, user=getattr(world.users, who), role=role, method="confirmed"
        )
    second = current_report(reopened)
    assert second.pk != first.pk and second.sha256 != first.sha256


def test_it_refuses_a_drawing_that_is_not_a_png(world):
    from parcours.interviews.signatures import clean_signature_image

    for bad in ("", "data:image/jpeg;base64,AAAA", "data:image/png;base64,%%%", "hello"):
        with pytest.raises(ValidationError):
            clean_signature_image(bad)
    assert clean_signature_image(drawn_signature()).startswith("data:image/png;base64,")
