"""Imports: every write of the imports app goes through here.

`import_file` and `import_rows` are what the command line and the API call; the pages go
through an `ImportRun` (`run_create`, then `run_analyse` and `run_apply` in background
tasks). All of them analyse first (the dry run, which writes nothing) and apply the valid
rows in one transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.imports.choices import ImportKind, RunStatus
from parcours.imports.employees import EmployeeImport
from parcours.imports.engine import ImportOptions, TableImport, cell_text
from parcours.imports.leaves import LeaveImport
from parcours.imports.models import ImportFinding, ImportRun, MappingProfile
from parcours.imports.profiles import (
    BUILTIN_NAMES,
    BUILTIN_PROFILES,
    builtin_profile,
    header_score,
    validate_profile,
)
from parcours.imports.readers import RowsSource, Source, UnreadableFile, open_source
from parcours.imports.report import Report
from parcours.imports.text import fold_key


class ProfileNotFound(Exception):
    pass


# ---------------------------------------------------------------------------- profiles


def profile_get(name: str) -> dict[str, Any]:
    """A saved profile by name, else a built-in one."""
    saved = MappingProfile.objects.filter(name=name).first()
    if saved is not None:
        config = dict(saved.config)
        config["name"] = saved.name
        config["label"] = saved.label
        config["builtin"] = False
        return config
    if name in BUILTIN_PROFILES:
        return builtin_profile(name)
    raise ProfileNotFound(name)


def profile_choices(kind: str | None = None) -> list[tuple[str, str]]:
    choices = []
    for name in BUILTIN_NAMES:
        profile = BUILTIN_PROFILES[name]
        if kind is None or profile.get(kind):
            choices.append((name, profile["label"]))
    for saved in MappingProfile.objects.order_by("label"):
        if kind is None or saved.config.get(kind):
            choices.append((saved.name, saved.label))
    return choices


def profile_detect(source: Source, kind: str) -> str:
    """The profile whose header fits the file best; `generic` when none stands out."""
    candidates = [builtin_profile(name) for name in BUILTIN_NAMES]
    candidates += [profile_get(saved.name) for saved in MappingProfile.objects.all()]
    previews = [source.preview(sheet) for sheet in source.sheet_names()]
    best_name, best_score = "generic", (0.0, 0)
    for profile in candidates:
        part = profile.get(kind)
        if not part:
            continue
        for preview in previews:
            for _first, _last, cells in preview:
                count, share = header_score([cell_text(c) for c in cells], part["columns"])
                if count < 3:
                    continue
                # Specific layouts win ties over the generic one.
                score = (share + (0 if profile["name"] == "generic" else 0.001), count)
                if score > best_score:
                    best_name, best_score = profile["name"], score
    return best_name


def profile_save(
    *,
    user,
    name: str,
    label: str,
    config: dict[str, Any],
    based_on: str = "",
    profile: MappingProfile | None = None,
) -> MappingProfile:
    if name in BUILTIN_PROFILES and profile is None:
        raise ValidationError({"name": _("This name belongs to a built-in profile.")})
    config = validate_profile(
        {key: value for key, value in config.items() if key not in ("name", "builtin")}
    )
    config.pop("label", None)
    if profile is None:
        profile = MappingProfile(created_by=user if getattr(user, "pk", None) else None)
    profile.name, profile.label, profile.config = name, label, config
    profile.based_on = based_on or profile.based_on
    profile.full_clean()
    profile.save()
    return profile


def profile_delete(*, profile: MappingProfile) -> None:
    profile.delete()


# ---------------------------------------------------------------------------- imports


@dataclass
class Outcome:
    report: Report
    importer: TableImport | None

    @property
    def ok(self) -> bool:
        """No row had an error and the file could be read."""
        return not self.report.fatal and self.report.severity_counts()["error"] == 0


def _importer(
    kind: str,
    source: Source,
    profile: dict[str, Any],
    options: ImportOptions,
    pending: dict[str, str] | None = None,
) -> TableImport:
    if not profile.get(kind):
        raise ProfileNotFound(
            _("The profile %(profile)s has no layout for %(kind)s.")
            % {"profile": profile.get("name"), "kind": kind}
        )
    if kind == ImportKind.EMPLOYEES:
        return EmployeeImport(source, profile, options)
    return LeaveImport(source, profile, options, pending=pending)


def _unreadable(kind: str, file_name: str, error: Exception, profile: str = "") -> Outcome:
    report = Report(kind=kind, file_name=file_name)
    report.profile = profile
    report.add("FILE_UNREADABLE", reason=str(error))
    report.fatal = True
    return Outcome(report, None)


def import_source(
    *,
    source: Source,
    kind: str,
    profile_name: str | None = None,
    user=None,
    target_site=None,
    dry_run: bool = True,
    mark_missing_as_left: bool = False,
    file_name: str = "",
    progress=None,
    pending: dict[str, str] | None = None,
) -> Outcome:
    name = profile_name or profile_detect(source, kind)
    profile = profile_get(name)
    options = ImportOptions(
        user=user,
        target_site=target_site,
        file_name=file_name,
        mark_missing_as_left=mark_missing_as_left,
        progress=progress,
    )
    importer = _importer(kind, source, profile, options, pending)
    try:
        importer.analyse()
        if progress:
            progress("analyse", 1, 1)
        if not dry_run and not importer.report.fatal:
            with transaction.atomic():
                importer.apply(progress=progress)
    finally:
        source.close()
    return Outcome(importer.report, importer)


def import_file(*, path: str | Path, kind: str, file_name: str = "", **kwargs: Any) -> Outcome:
    """Import a CSV or XLSX file (the command line and the API come here)."""
    file_name = file_name or Path(path).name
    try:
        source = open_source(path, file_name)
    except (UnreadableFile, OSError) as error:
        return _unreadable(kind, file_name, error, kwargs.get("profile_name") or "")
    return import_source(source=source, kind=kind, file_name=file_name, **kwargs)


def import_rows(
    *,
    employees: list[dict] | None = None,
    leaves: list[dict] | None = None,
    profile_name: str = "generic",
    user=None,
    target_site=None,
    dry_run: bool = True,
    mark_missing_as_left: bool = False,
) -> dict[str, Outcome]:
    """JSON rows from the API: employees first, then leaves, in one transaction.

    A leave of an employee rejected in the same request is rejected too; a leave of an
    employee created by the request is checked against what the request creates.
    """
    outcomes: dict[str, Outcome] = {}
    with transaction.atomic():
        pending: dict[str, str] = {}
        if employees:
            outcome = import_source(
                source=RowsSource(employees),
                kind=ImportKind.EMPLOYEES,
                profile_name=profile_name,
                user=user,
                target_site=target_site,
                dry_run=dry_run,
                mark_missing_as_left=mark_missing_as_left,
                file_name="employees",
            )
            outcomes["employees"] = outcome
            importer = outcome.importer
            if isinstance(importer, EmployeeImport):
                for row in importer.rows:
                    status = (
                        "rejected"
                        if importer.rejected(row)
                        else "new"
                        if dry_run and row.existing is None
                        else None
                    )
                    if status and not row.skip:
                        for key in (row.number, row.email):
                            if key:
                                pending[fold_key(key)] = status
        if leaves:
            outcomes["leaves"] = import_source(
                source=RowsSource(leaves),
                kind=ImportKind.LEAVES,
                profile_name=profile_name,
                user=user,
                target_site=target_site,
                dry_run=dry_run,
                file_name="leaves",
                pending=pending,
            )
    return outcomes


# ---------------------------------------------------------------------------- runs


def run_create(
    *,
    user,
    upload: UploadedFile,
    kind: str,
    profile_name: str = "",
    target_site=None,
) -> ImportRun:
    run = ImportRun(
        kind=kind,
        original_name=Path(upload.name).name[:255],
        profile_name=profile_name,
        profile_detected=not profile_name,
        target_site=target_site,
        created_by=user if getattr(user, "pk", None) else None,
    )
    run.file.save(Path(upload.name).name, upload, save=False)
    run.save()
    return run


def _store(run: ImportRun, report: Report) -> None:
    ImportFinding.objects.filter(run=run).delete()
    findings = []
    for position, finding in enumerate(report.sorted_findings()):
        data = report.finding_dict(finding)
        findings.append(
            ImportFinding(
                run=run,
                position=position,
                code=finding.code,
                severity=finding.severity,
                sheet=report.sheet or "",
                row=finding.row,
                last_row=finding.last_row,
                column=finding.column[:200],
                column_letter=data.get("column_letter", ""),
                value=finding.value[:500],
                msg=finding.msg,
                params=json.loads(json.dumps(finding.params, default=_json_default)),
            )
        )
    ImportFinding.objects.bulk_create(findings, batch_size=1000)
    run.counts = {**report.counts, **report.severity_counts()}
    run.meta = {
        "encoding": report.encoding,
        "delimiter": report.delimiter,
        "sheet": report.sheet,
        "columns": report.columns,
        "absent": report.absent[:2000],
        "fatal": report.fatal,
        "file": report.file_name,
    }


def _json_default(value: Any) -> str:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _progress_for(run: ImportRun):
    from parcours.imports import progress as live

    def report(phase: str, done: int, total: int) -> None:
        live.write(run.pk, phase, done, total)

    return report


def run_execute(*, run: ImportRun, apply: bool, user=None) -> ImportRun:
    """Check the run's file (and apply it when asked); the report replaces the last one."""
    from parcours.imports import progress as live

    run.status = RunStatus.APPLYING if apply else RunStatus.ANALYSING
    run.error = ""
    run.save(update_fields=["status", "error"])
    live.write(run.pk, "apply" if apply else "analyse", 0, 0)
    acting = user if apply else run.created_by
    try:
        outcome = import_file(
            path=run.file.path,
            kind=run.kind,
            file_name=run.original_name,
            profile_name=run.profile_name or None,
            user=acting,
            target_site=run.target_site,
            dry_run=not apply,
            mark_missing_as_left=apply and run.mark_missing_as_left,
            progress=_progress_for(run),
        )
    except Exception as error:  # the transaction is rolled back; the run says why
        run.status = RunStatus.FAILED
        run.error = f"{type(error).__name__}: {error}"[:2000]
        run.save(update_fields=["status", "error"])
        live.clear(run.pk)
        raise
    report = outcome.report
    run.profile_name = run.profile_name or report.profile
    _store(run, report)
    now = timezone.now()
    if report.fatal:
        run.status = RunStatus.FAILED
        run.error = "; ".join(
            f.message for f in report.findings if f.row is None and f.severity == "error"
        )[:2000]
    elif apply:
        run.status, run.applied_at = RunStatus.APPLIED, now
        run.applied_by = user if getattr(user, "pk", None) else None
    else:
        run.status, run.analysed_at = RunStatus.ANALYSED, now
    run.save()
    live.clear(run.pk)
    return run


def run_confirm(*, run: ImportRun, user, mark_missing_as_left: bool = False) -> ImportRun:
    if not run.can_apply:
        raise ValidationError(_("This import cannot be applied in its current state."))
    run.mark_missing_as_left = mark_missing_as_left
    run.status = RunStatus.QUEUED
    run.applied_by = user
    run.save(update_fields=["mark_missing_as_left", "status", "applied_by"])
    return run


def run_change_profile(*, run: ImportRun, profile_name: str, target_site=None) -> ImportRun:
    if run.is_running or run.status == RunStatus.APPLIED:
        raise ValidationError(_("This import cannot be checked again in its current state."))
    profile_get(profile_name)
    run.profile_name = profile_name
    run.profile_detected = False
    run.target_site = target_site
    run.status = RunStatus.QUEUED
    run.save(update_fields=["profile_name", "profile_detected", "target_site", "status"])
    return run


def run_cancel(*, run: ImportRun) -> ImportRun:
    if run.status != RunStatus.ANALYSED:
        raise ValidationError(_("Only a checked import that was not applied can be cancelled."))
    run.status = RunStatus.CANCELLED
    run.save(update_fields=["status"])
    return run
