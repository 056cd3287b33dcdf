"""REST API of the imports, mounted at /api/v1/imports/ (this module's `urlpatterns`).

- `bulk/`: employees and leaves as JSON rows, with the validation and the report of a
  file import (continuous sync from an HR system);
- `files/`: a CSV or XLSX export, checked (dry_run) or imported;
- `runs/`: the history of imports with their reports; `runs/<id>/apply/` confirms one;
- `profiles/`: the mapping profiles.

Only HR imports: group HR anywhere, site HR into their sites. Other roles get 403, an
account without any role 404.
"""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from parcours.core.scope import scope_for
from parcours.imports import services, tasks
from parcours.imports.choices import ImportKind, RunStatus
from parcours.imports.models import ImportRun
from parcours.imports.profiles import BUILTIN_NAMES
from parcours.organisation.models import Site


class ImportPermission(permissions.BasePermission):
    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        scope = scope_for(request.user)
        if not scope.has_any_role:
            raise NotFound
        return scope.is_hr


def _target_site(request, code: str | None):
    if not code:
        return None
    site = Site.objects.select_related("legal_entity").filter(code=code).first()
    if site is None:
        raise ValidationError({"site": [_("No site with this code.")]})
    if not scope_for(request.user).can_edit_site(site.pk):
        raise PermissionDenied(_("You may not import into this site."))
    return site


def _profile(name: str | None, kind: str | None = None) -> str | None:
    if not name:
        return None
    try:
        profile = services.profile_get(name)
    except services.ProfileNotFound as error:
        raise ValidationError({"profile": [_("Unknown profile.")]}) from error
    if kind and not profile.get(kind):
        raise ValidationError({"profile": [_("This profile has no layout for this kind.")]})
    return name


class ImportFindingSerializer(serializers.Serializer):
    code = serializers.CharField()
    file = serializers.CharField(required=False)
    severity = serializers.ChoiceField(choices=["error", "warning", "info"])
    line = serializers.IntegerField(required=False, allow_null=True, help_text="CSV: physical line")
    sheet = serializers.CharField(required=False, allow_null=True)
    row = serializers.IntegerField(
        required=False, allow_null=True, help_text="XLSX or JSON rows: row number"
    )
    column = serializers.CharField(allow_blank=True)
    value = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    profile = serializers.CharField()
    kind = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField())
    findings = ImportFindingSerializer(many=True)
    absent = serializers.ListField(child=serializers.DictField(), required=False)


class ImportBulkRequestSerializer(serializers.Serializer):
    profile = serializers.CharField(required=False, default="generic")
    site = serializers.CharField(
        required=False, allow_blank=True, help_text="Code of the site for rows that name none."
    )
    dry_run = serializers.BooleanField(required=False, default=True)
    mark_missing_as_left = serializers.BooleanField(required=False, default=False)
    employees = serializers.ListField(child=serializers.DictField(), required=False, default=list)
    leaves = serializers.ListField(child=serializers.DictField(), required=False, default=list)

    def validate(self, data):
        if not data["employees"] and not data["leaves"]:
            raise serializers.ValidationError(_("Send employees, leaves or both."))
        if len(data["employees"]) + len(data["leaves"]) > 50000:
            raise serializers.ValidationError(_("At most 50,000 rows per request."))
        return data


BulkResponse = inline_serializer(
    "ImportBulkResult",
    {
        "dry_run": serializers.BooleanField(),
        "ok": serializers.BooleanField(),
        "employees": ImportReportSerializer(required=False),
        "leaves": ImportReportSerializer(required=False),
    },
)


class BulkImportView(APIView):
    permission_classes = [ImportPermission]
    parser_classes = [JSONParser]

    @extend_schema(
        request=ImportBulkRequestSerializer,
        responses={200: BulkResponse},
        summary="Upsert employees and leaves from JSON rows",
        description="Rows use the column names of the profile (generic: Employee number, "
        "First name, ...) or the field names (employee_number, first_name, ...). "
        "dry_run (default true) returns the report and changes nothing.",
    )
    def post(self, request):
        serializer = ImportBulkRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        site = _target_site(request, data.get("site"))
        profile = _profile(data["profile"])
        outcomes = services.import_rows(
            employees=data["employees"],
            leaves=data["leaves"],
            profile_name=profile,
            user=request.user,
            target_site=site,
            dry_run=data["dry_run"],
            mark_missing_as_left=data["mark_missing_as_left"],
        )
        body = {"dry_run": data["dry_run"], "ok": all(o.ok for o in outcomes.values())}
        for kind, outcome in outcomes.items():
            body[kind] = outcome.report.to_dict()
        return Response(body)


class ImportRunSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="employees or leaves")
    status = serializers.CharField(
        help_text="queued, analysing, analysed, applying, applied, failed or cancelled"
    )
    started_by = serializers.CharField(source="created_by.username", default=None)
    imported_by = serializers.CharField(source="applied_by.username", default=None)
    site = serializers.CharField(source="target_site.code", default=None)

    class Meta:
        model = ImportRun
        fields = [
            "id",
            "kind",
            "status",
            "original_name",
            "profile_name",
            "profile_detected",
            "site",
            "started_by",
            "created_at",
            "analysed_at",
            "imported_by",
            "applied_at",
            "counts",
            "error",
        ]


class ImportRunDetailSerializer(ImportRunSerializer):
    findings = serializers.SerializerMethodField()
    absent = serializers.SerializerMethodField()

    class Meta(ImportRunSerializer.Meta):
        fields = ImportRunSerializer.Meta.fields + ["findings", "absent"]

    @extend_schema_field(ImportFindingSerializer(many=True))
    def get_findings(self, run) -> list[dict]:
        return [finding_dict(run, finding) for finding in run.findings.all()]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_absent(self, run) -> list[dict]:
        return run.meta.get("absent", [])


def finding_dict(run: ImportRun, finding) -> dict:
    data = {"code": finding.code, "severity": finding.severity}
    if (
        run.meta.get("sheet")
        or finding.sheet
        or (run.original_name or "").lower().endswith((".xlsx", ".xlsm"))
    ):
        data["sheet"] = finding.sheet or None
        data["row"] = finding.row
    else:
        data["line"] = finding.row
    if finding.last_row is not None:
        data["last_row" if "row" in data else "last_line"] = finding.last_row
    data.update(column=finding.column, value=finding.value, message=finding.message)
    return data


class ImportFileSerializer(serializers.Serializer):
    file = serializers.FileField()
    # A plain string: an enum named "kind" would collide with the leave kinds in the schema.
    kind = serializers.CharField(help_text="employees or leaves")
    profile = serializers.CharField(required=False, allow_blank=True)
    site = serializers.CharField(required=False, allow_blank=True)
    dry_run = serializers.BooleanField(required=False, default=True)
    mark_missing_as_left = serializers.BooleanField(required=False, default=False)

    def validate_kind(self, value):
        if value not in ImportKind.values:
            raise serializers.ValidationError(_("employees or leaves"))
        return value


class FileImportView(APIView):
    permission_classes = [ImportPermission]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ImportFileSerializer},
        responses={201: ImportRunDetailSerializer, 202: ImportRunSerializer},
        summary="Import a CSV or XLSX export (dry run by default)",
    )
    def post(self, request):
        serializer = ImportFileSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        site = _target_site(request, data.get("site"))
        profile = _profile(data.get("profile"), data["kind"]) or ""
        run = services.run_create(
            user=request.user,
            upload=data["file"],
            kind=data["kind"],
            profile_name=profile,
            target_site=site,
        )
        tasks.analyse_import.enqueue(run.pk)
        run.refresh_from_db()
        if not data["dry_run"] and run.status == RunStatus.ANALYSED:
            services.run_confirm(
                run=run, user=request.user, mark_missing_as_left=data["mark_missing_as_left"]
            )
            tasks.apply_import.enqueue(run.pk, request.user.pk)
            run.refresh_from_db()
        if run.is_running:
            return Response(ImportRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)
        return Response(ImportRunDetailSerializer(run).data, status=status.HTTP_201_CREATED)


class RunListView(APIView):
    permission_classes = [ImportPermission]

    @extend_schema(responses={200: ImportRunSerializer(many=True)}, summary="Imports, newest first")
    def get(self, request):
        runs = ImportRun.objects.for_user(request.user).select_related(
            "created_by", "applied_by", "target_site"
        )[:100]
        return Response(ImportRunSerializer(runs, many=True).data)


class RunDetailView(APIView):
    permission_classes = [ImportPermission]

    @extend_schema(responses={200: ImportRunDetailSerializer}, summary="One import and its report")
    def get(self, request, pk: int):
        run = get_object_or_404(
            ImportRun.objects.for_user(request.user).select_related(
                "created_by", "applied_by", "target_site"
            ),
            pk=pk,
        )
        return Response(ImportRunDetailSerializer(run).data)


class ImportRunApplySerializer(serializers.Serializer):
    mark_missing_as_left = serializers.BooleanField(required=False, default=False)


class RunApplyView(APIView):
    permission_classes = [ImportPermission]
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        request=ImportRunApplySerializer,
        responses={
            200: ImportRunDetailSerializer,
            202: ImportRunSerializer,
            409: OpenApiResponse(),
        },
        summary="Apply a checked import",
    )
    def post(self, request, pk: int):
        run = get_object_or_404(ImportRun.objects.for_user(request.user), pk=pk)
        serializer = ImportRunApplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not run.can_apply:
            return Response(
                {"detail": _("This import cannot be applied in its state.")},
                status=status.HTTP_409_CONFLICT,
            )
        with transaction.atomic():
            services.run_confirm(
                run=run,
                user=request.user,
                mark_missing_as_left=serializer.validated_data["mark_missing_as_left"],
            )
        tasks.apply_import.enqueue(run.pk, request.user.pk)
        run.refresh_from_db()
        if run.is_running:
            return Response(ImportRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)
        return Response(ImportRunDetailSerializer(run).data)


class ImportProfileSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    builtin = serializers.BooleanField()
    kinds = serializers.ListField(child=serializers.CharField())


class ProfileListView(APIView):
    permission_classes = [ImportPermission]

    @extend_schema(responses={200: ImportProfileSerializer(many=True)}, summary="Mapping profiles")
    def get(self, request):
        items = []
        for name, label in services.profile_choices():
            profile = services.profile_get(name)
            items.append(
                {
                    "name": name,
                    "label": label,
                    "builtin": name in BUILTIN_NAMES,
                    "kinds": [kind for kind in ImportKind.values if profile.get(kind)],
                }
            )
        return Response(items)


urlpatterns = [
    path("bulk/", BulkImportView.as_view(), name="imports-api-bulk"),
    path("files/", FileImportView.as_view(), name="imports-api-files"),
    path("runs/", RunListView.as_view(), name="imports-api-runs"),
    path("runs/<int:pk>/", RunDetailView.as_view(), name="imports-api-run"),
    path("runs/<int:pk>/apply/", RunApplyView.as_view(), name="imports-api-run-apply"),
    path("profiles/", ProfileListView.as_view(), name="imports-api-profiles"),
]
