"""REST API of the interviews: templates, campaigns (with their launch) and interviews
(lifecycle actions, answers, signatures and the signed PDF).

Everything is read through the same scoped querysets as the pages and changed through the
same services; a refused transition is a 400 with the translated reason, an action this
person may not take a 403, a record outside their scope a 404.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from parcours.core.scope import scope_for
from parcours.interviews import services
from parcours.interviews.blocks import BlockContext, get_block
from parcours.interviews.choices import (
    QuestionType,
    Respondent,
    Side,
    SignatureMethod,
    SignatureRole,
    VersionStatus,
)
from parcours.interviews.models import (
    Answer,
    Campaign,
    Interview,
    InterviewKind,
    InterviewReport,
    InterviewTemplate,
    Question,
    Section,
    Signature,
    TemplateVersion,
)
from parcours.interviews.reports import current_report
from parcours.organisation.models import (
    Department,
    Employee,
    EmployeeCategory,
    LegalEntity,
    Site,
    Team,
)


class RolePermission(permissions.BasePermission):
    """Signed in, and with a role or a linked employee; anybody else finds nothing."""

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        if not scope_for(request.user).has_any_role:
            raise NotFound
        return True


def _raise(error: DjangoValidationError):
    if hasattr(error, "error_dict"):
        raise serializers.ValidationError(error.message_dict) from error
    raise serializers.ValidationError({"detail": error.messages}) from error


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))


# Templates ---------------------------------------------------------------------------


class KindSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = InterviewKind
        fields = ["id", "code", "label", "labels"]


class QuestionSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    type = serializers.ChoiceField(choices=QuestionType.choices)
    respondent = serializers.ChoiceField(choices=Respondent.choices)

    class Meta:
        model = Question
        fields = ["id", "position", "type", "label", "labels", "help", "required"]
        fields += ["respondent", "options"]
        read_only_fields = ["id", "position"]


class SectionSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    questions = QuestionSerializer(many=True, required=False)

    class Meta:
        model = Section
        fields = ["id", "position", "label", "labels", "help", "block_code", "block_options"]
        fields += ["questions"]
        read_only_fields = ["id", "position"]


# Plain strings: the API has several "status" fields, each with its own values.
VERSION_STATUS = serializers.CharField(
    read_only=True, help_text=_("draft, published or superseded")
)


class VersionSerializer(serializers.ModelSerializer):
    sections = SectionSerializer(many=True, read_only=True)
    status = VERSION_STATUS

    class Meta:
        model = TemplateVersion
        fields = ["id", "number", "status", "published_at", "sections"]


class VersionSummarySerializer(serializers.ModelSerializer):
    status = VERSION_STATUS

    class Meta:
        model = TemplateVersion
        fields = ["id", "number", "status", "published_at"]


class TemplateSerializer(serializers.ModelSerializer):
    """A template; on creation, `sections` fills its first draft."""

    kind = serializers.SlugRelatedField(slug_field="code", queryset=InterviewKind.objects.all())
    categories = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=EmployeeCategory.objects.all(), required=False
    )
    label = serializers.CharField(read_only=True)
    versions = VersionSummarySerializer(many=True, read_only=True)
    sections = SectionSerializer(many=True, write_only=True, required=False)

    class Meta:
        model = InterviewTemplate
        fields = ["id", "kind", "label", "labels", "categories", "versions", "sections"]


class TemplateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Interview templates with their versions; group HR creates, publishes and copies."""

    serializer_class = TemplateSerializer
    permission_classes = [RolePermission]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InterviewTemplate.objects.none()
        _require(self.request, "interviews.view_templates")
        return (
            InterviewTemplate.objects.for_user(self.request.user)
            .select_related("kind")
            .prefetch_related("categories", "versions")
            .order_by("pk")
        )

    @transaction.atomic
    def perform_create(self, serializer):
        _require(self.request, "interviews.change_templates")
        data = serializer.validated_data
        try:
            template = services.template_create(
                kind=data["kind"],
                labels=data["labels"],
                categories=data.get("categories", []),
                user=self.request.user,
            )
            version = template.versions.get()
            for section_data in data.get("sections", []):
                questions = section_data.pop("questions", [])
                section = services.section_save(
                    section=Section(version=version, **section_data), user=self.request.user
                )
                for question_data in questions:
                    services.question_save(
                        question=Question(section=section, **question_data),
                        user=self.request.user,
                    )
        except DjangoValidationError as error:
            _raise(error)
        serializer.instance = template

    @extend_schema(request=None, responses=VersionSerializer)
    @action(detail=True, methods=["get"])
    def content(self, request, pk=None):
        """The sections and questions of a version (?version=N; the latest by default)."""
        template = self.get_object()
        versions = template.versions.order_by("-number")
        number = request.query_params.get("version")
        version = versions.filter(number=number).first() if number else versions.first()
        if version is None:
            raise NotFound
        version = TemplateVersion.objects.prefetch_related("sections__questions").get(pk=version.pk)
        return Response(VersionSerializer(version).data)

    @extend_schema(request=None, responses=VersionSummarySerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        template = self.get_object()
        _require(request, "interviews.change_templates")
        draft = template.versions.filter(status=VersionStatus.DRAFT).first()
        if draft is None:
            raise serializers.ValidationError({"detail": [_("There is no draft to publish.")]})
        try:
            version = services.template_publish(version=draft, user=request.user)
        except DjangoValidationError as error:
            _raise(error)
        return Response(VersionSummarySerializer(version).data)

    @extend_schema(request=None, responses={201: TemplateSerializer})
    @action(detail=True, methods=["post"])
    def duplicate(self, request, pk=None):
        template = self.get_object()
        _require(request, "interviews.change_templates")
        copy = services.template_duplicate(template=template, user=request.user)
        return Response(TemplateSerializer(copy).data, status=status.HTTP_201_CREATED)


class KindViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = KindSerializer
    permission_classes = [RolePermission]
    queryset = InterviewKind.objects.order_by("ordering", "code")


# Campaigns ---------------------------------------------------------------------------


class CampaignTemplateSerializer(serializers.Serializer):
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=EmployeeCategory.objects.all()
    )
    template = serializers.PrimaryKeyRelatedField(queryset=InterviewTemplate.objects.all())


class CampaignSerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", queryset=InterviewKind.objects.all())
    legal_entities = serializers.PrimaryKeyRelatedField(
        many=True, queryset=LegalEntity.objects.all(), required=False
    )
    sites = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Site.objects.all(), required=False
    )
    departments = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Department.objects.all(), required=False
    )
    teams = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Team.objects.all(), required=False
    )
    categories = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=EmployeeCategory.objects.all(), required=False
    )
    templates = CampaignTemplateSerializer(many=True, required=False)
    interview_count = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text=_("draft, running or closed"))

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "kind",
            "opens_on",
            "deadline",
            "status",
            "legal_entities",
            "sites",
            "departments",
            "teams",
            "categories",
            "hired_on_or_after",
            "hired_on_or_before",
            "reminder_interval_days",
            "remind_employees",
            "templates",
            "launched_at",
            "closed_at",
            "interview_count",
        ]
        read_only_fields = ["status", "launched_at", "closed_at"]

    @extend_schema_field(serializers.IntegerField())
    def get_interview_count(self, campaign) -> int:
        return getattr(campaign, "interview_count", None) or campaign.interviews.count()

    def to_representation(self, campaign):
        data = super().to_representation(campaign)
        data["templates"] = [
            {"category": choice.category.code, "template": choice.template_id}
            for choice in campaign.template_choices.all()
        ]
        return data


class LaunchResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    by_site = serializers.DictField(child=serializers.IntegerField())
    by_category = serializers.DictField(child=serializers.IntegerField())
    without_template = serializers.IntegerField()
    without_interviewer = serializers.IntegerField()


def _launch_data(result) -> dict:
    return {
        "created": result.created,
        "by_site": dict(result.by_site),
        "by_category": dict(result.by_category),
        "without_template": result.without_template,
        "without_interviewer": result.without_interviewer,
    }


class CampaignViewSet(viewsets.ModelViewSet):
    """Campaigns; HR creates them, chooses a template per category and launches them."""

    serializer_class = CampaignSerializer
    permission_classes = [RolePermission]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    filterset_fields = ["status", "kind"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Campaign.objects.none()
        _require(self.request, "interviews.view_campaigns")
        return (
            Campaign.objects.for_user(self.request.user)
            .select_related("kind")
            .prefetch_related(
                "legal_entities",
                "sites",
                "departments",
                "teams",
                "categories",
                "template_choices__category",
            )
            .order_by("pk")
        )

    @transaction.atomic
    def _save(self, serializer):
        data = dict(serializer.validated_data)
        templates = data.pop("templates", None)
        scope = {name: data.pop(name) for name in services.SCOPE_FIELDS if name in data}
        campaign = serializer.instance or Campaign()
        if serializer.instance is None:
            _require(self.request, "interviews.add_campaign")
        else:
            _require(self.request, "interviews.run_campaign", campaign)
        for name, value in data.items():
            setattr(campaign, name, value)
        try:
            campaign = services.campaign_save(
                campaign=campaign, user=self.request.user, scope=scope
            )
            for choice in templates or []:
                services.campaign_set_template(
                    campaign=campaign,
                    category=choice["category"],
                    template=choice["template"],
                    user=self.request.user,
                )
        except DjangoValidationError as error:
            _raise(error)
        serializer.instance = campaign

    perform_create = _save
    perform_update = _save

    def _run(self, request, service):
        campaign = self.get_object()
        _require(request, "interviews.run_campaign", campaign)
        try:
            return service(campaign=campaign, user=request.user)
        except DjangoValidationError as error:
            _raise(error)

    @extend_schema(request=None, responses=LaunchResultSerializer)
    @action(detail=True, methods=["post"])
    def launch(self, request, pk=None):
        """Create every interview of the campaign at once."""
        result = self._run(request, services.campaign_launch)
        return Response(LaunchResultSerializer(_launch_data(result)).data)

    @extend_schema(request=None, responses=LaunchResultSerializer)
    @action(detail=True, methods=["post"], url_path="add-late-hires")
    def add_late_hires(self, request, pk=None):
        result = self._run(request, services.campaign_add_late_hires)
        return Response(LaunchResultSerializer(_launch_data(result)).data)

    @extend_schema(request=None, responses=CampaignSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        campaign = self._run(request, services.campaign_close)
        return Response(CampaignSerializer(campaign).data)


# Interviews --------------------------------------------------------------------------


class ReportSerializer(serializers.Serializer):
    sha256 = serializers.CharField()
    created_at = serializers.DateTimeField()
    content = serializers.JSONField()


class InterviewSerializer(serializers.ModelSerializer):
    employee_name = serializers.CharField(source="employee.full_name", read_only=True)
    interviewer_name = serializers.SerializerMethodField()
    interviewer_notes = serializers.SerializerMethodField()
    report = serializers.SerializerMethodField()
    late = serializers.BooleanField(source="is_late", read_only=True)

    class Meta:
        model = Interview
        fields = [
            "id",
            "campaign",
            "employee",
            "employee_name",
            "interviewer",
            "interviewer_name",
            "template_version",
            "status",
            "late",
            "scheduled_at",
            "location",
            "prepared_at",
            "held_at",
            "signed_at",
            "followed_up_at",
            "follow_up_note",
            "cancel_reason",
            "reopen_reason",
            "interviewer_notes",
            "version",
            "report",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_interviewer_name(self, interview) -> str | None:
        return interview.interviewer.full_name if interview.interviewer_id else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_interviewer_notes(self, interview) -> str | None:
        """Private notes: never given to the employee."""
        request = self.context.get("request")
        if request is None or interview.employee_id == scope_for(request.user).employee_id:
            return None
        return interview.interviewer_notes

    @extend_schema_field(ReportSerializer(allow_null=True))
    def get_report(self, interview) -> dict | None:
        if not interview.is_locked:
            return None
        valid = getattr(interview, "valid_reports", None)
        report = valid[0] if valid is not None and valid else None
        if valid is None:
            report = current_report(interview)
        if report is None:
            return None
        return {"sha256": report.sha256, "created_at": report.created_at, "content": report.content}


class PlanSerializer(serializers.Serializer):
    scheduled_at = serializers.DateTimeField()
    location = serializers.CharField(required=False, allow_blank=True, max_length=200)
    version = serializers.IntegerField(required=False)


class VersionOnlySerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)
    version = serializers.IntegerField(required=False)


class FollowUpSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False)


class ReassignSerializer(serializers.Serializer):
    interviewer = serializers.IntegerField()
    version = serializers.IntegerField(required=False)


class SignSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=SignatureRole.choices)
    method = serializers.ChoiceField(choices=SignatureMethod.choices)
    image = serializers.CharField(
        required=False, allow_blank=True, help_text=_("A PNG data URL, for a drawn signature.")
    )
    comment = serializers.CharField(required=False, allow_blank=True)
    disagrees = serializers.BooleanField(required=False, default=False)


class SignatureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Signature
        fields = ["id", "role", "signer", "signer_name", "method", "comment", "disagrees"]
        fields += ["signed_at"]


class AnswerSerializer(serializers.ModelSerializer):
    side = serializers.ChoiceField(choices=Side.choices)
    value = serializers.JSONField(allow_null=True)

    class Meta:
        model = Answer
        fields = ["question", "side", "value", "version", "updated_at"]


class AnswerInputSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    side = serializers.ChoiceField(choices=Side.choices)
    value = serializers.JSONField(allow_null=True)
    version = serializers.IntegerField(
        min_value=0, help_text=_("The version the change starts from; 0 for a first answer.")
    )


class ConflictSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    side = serializers.CharField()
    yours = serializers.JSONField(allow_null=True)
    current = serializers.JSONField(allow_null=True)
    current_version = serializers.IntegerField()


class InterviewFilterSet(filters.FilterSet):
    class Meta:
        model = Interview
        fields = ["campaign", "status", "employee", "interviewer"]


class InterviewViewSet(viewsets.ReadOnlyModelViewSet):
    """Interviews in the caller's scope, with the actions of their lifecycle."""

    serializer_class = InterviewSerializer
    permission_classes = [RolePermission]
    filterset_class = InterviewFilterSet

    def get_queryset(self):
        reports = InterviewReport.objects.filter(voided_at__isnull=True).order_by(
            "-created_at", "-pk"
        )
        return (
            Interview.objects.for_user(self.request.user)
            .select_related("employee", "interviewer", "campaign")
            .prefetch_related(Prefetch("reports", queryset=reports, to_attr="valid_reports"))
            .order_by("pk")
        )

    def _act(self, request, serializer_class, service, **fixed):
        interview = self.get_object()
        payload = {}
        if serializer_class is not None:
            given = serializer_class(data=request.data)
            given.is_valid(raise_exception=True)
            payload = dict(given.validated_data)
        try:
            interview = service(interview=interview, user=request.user, **payload, **fixed)
        except DjangoValidationError as error:
            _raise(error)
        interview = self.get_queryset().get(pk=interview.pk)
        return Response(InterviewSerializer(interview, context={"request": request}).data)

    @extend_schema(request=PlanSerializer, responses=InterviewSerializer)
    @action(detail=True, methods=["post"])
    def plan(self, request, pk=None):
        return self._act(request, PlanSerializer, services.interview_plan)

    @extend_schema(request=VersionOnlySerializer, responses=InterviewSerializer)
    @action(detail=True, methods=["post"], url_path="submit-preparation")
    def submit_preparation(self, request, pk=None):
        return self._act(request, VersionOnlySerializer, services.interview_submit_preparation)

    @extend_schema(request=VersionOnlySerializer, responses=InterviewSerializer)
    @action(detail=True, methods=["post"])
    def hold(self, request, pk=None):
        return self._act(request, VersionOnlySerializer, services.interview_hold)

    @extend_schema(request=FollowUpSerializer, responses=InterviewSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        return self._act(request, FollowUpSerializer, services.interview_follow_up)

    @extend_schema(request=ReasonSerializer, responses=InterviewSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._act(request, ReasonSerializer, services.interview_cancel)

    @extend_schema(request=ReasonSerializer, responses=InterviewSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        interview = self.get_object()
        given = ReasonSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            services.interview_reopen(
                interview=interview, user=request.user, reason=given.validated_data["reason"]
            )
        except DjangoValidationError as error:
            _raise(error)
        interview = self.get_queryset().get(pk=interview.pk)
        return Response(InterviewSerializer(interview, context={"request": request}).data)

    @extend_schema(request=ReassignSerializer, responses=InterviewSerializer)
    @action(detail=True, methods=["post"])
    def reassign(self, request, pk=None):
        interview = self.get_object()
        given = ReassignSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            # Whether this person may reassign at all, before looking the new one up.
            services.check_transition(
                interview, "reassigned", services.interview_roles(request.user, interview)
            )
        except DjangoValidationError as error:
            _raise(error)
        interviewer = (
            Employee.objects.for_user(request.user)
            .filter(pk=given.validated_data["interviewer"])
            .first()
        )
        if interviewer is None:
            raise serializers.ValidationError({"interviewer": [_("Unknown employee.")]})
        try:
            services.interview_reassign(
                interview=interview,
                user=request.user,
                interviewer=interviewer,
                version=given.validated_data.get("version"),
            )
        except DjangoValidationError as error:
            _raise(error)
        interview = self.get_queryset().get(pk=interview.pk)
        return Response(InterviewSerializer(interview, context={"request": request}).data)

    @extend_schema(request=SignSerializer, responses=InterviewSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        """Sign as the employee or the interviewer (drawn: a PNG data URL; or confirmed)."""
        interview = self.get_object()
        given = SignSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        block = get_block("signature")
        ctx = BlockContext(section=None, interview=interview, user=request.user, request=request)
        try:
            data = block.clean(ctx, {k: str(v) for k, v in given.validated_data.items()})
            block.save(ctx, data)
        except DjangoValidationError as error:
            _raise(error)
        interview = self.get_queryset().get(pk=interview.pk)
        return Response(InterviewSerializer(interview, context={"request": request}).data)

    @extend_schema(request=None, responses=SignatureSerializer(many=True))
    @action(detail=True, methods=["get"])
    def signatures(self, request, pk=None):
        interview = self.get_object()
        return Response(
            SignatureSerializer(interview.signatures.valid().order_by("role"), many=True).data
        )

    @extend_schema(methods=["get"], request=None, responses=AnswerSerializer(many=True))
    @extend_schema(
        methods=["post"],
        request=AnswerInputSerializer(many=True),
        responses={
            200: AnswerSerializer(many=True),
            409: OpenApiResponse(
                ConflictSerializer(many=True),
                description=_("Someone else changed these answers: nothing was saved."),
            ),
        },
    )
    @action(detail=True, methods=["get", "post"])
    def answers(self, request, pk=None):
        """The answers this person may see; POST a list to save them, each with the version
        it starts from. If any conflicts, none is saved and the conflicts are returned."""
        interview = self.get_object()
        roles = services.interview_roles(request.user, interview)
        if request.method == "POST":
            given = AnswerInputSerializer(data=request.data, many=True)
            given.is_valid(raise_exception=True)
            questions = {
                q.pk: q
                for q in Question.objects.filter(section__version_id=interview.template_version_id)
            }
            conflicts = []
            try:
                with transaction.atomic():
                    for item in given.validated_data:
                        question = questions.get(item["question"])
                        if question is None:
                            raise serializers.ValidationError(
                                {"question": [_("This question is not part of this interview.")]}
                            )
                        try:
                            services.answer_save(
                                interview=interview,
                                question=question,
                                side=item["side"],
                                value=item["value"],
                                version=item["version"],
                                user=request.user,
                                roles=roles,
                            )
                        except services.EditConflict as conflict:
                            conflicts.append(
                                {
                                    "question": question.pk,
                                    "side": item["side"],
                                    "yours": conflict.submitted,
                                    "current": conflict.current_value,
                                    "current_version": conflict.current_version,
                                }
                            )
                    if conflicts:
                        raise _Conflicts
            except _Conflicts:
                return Response(
                    ConflictSerializer(conflicts, many=True).data, status=status.HTTP_409_CONFLICT
                )
            except DjangoValidationError as error:
                _raise(error)
        sides = services.visible_sides(interview, roles)
        answers = interview.answers.filter(side__in=sides).order_by("question_id", "side")
        return Response(AnswerSerializer(answers, many=True).data)

    @extend_schema(request=None, responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        """The signed report as a PDF; its SHA-256 is in the interview's `report`."""
        interview = self.get_object()
        report = current_report(interview) if interview.is_locked else None
        if report is None:
            raise NotFound(_("This interview has no signed report."))
        return FileResponse(
            report.file.open("rb"),
            content_type="application/pdf",
            filename="interview-%s.pdf" % interview.pk,
        )


class _Conflicts(Exception):
    """Rolls back a batch of answers when one of them conflicts."""


def register(router) -> None:
    """Add the interview endpoints to the project's router (called from parcours/api.py)."""
    router.register("interview-kinds", KindViewSet, basename="interviewkind")
    router.register("interview-templates", TemplateViewSet, basename="interviewtemplate")
    router.register("campaigns", CampaignViewSet, basename="campaign")
    router.register("interviews", InterviewViewSet, basename="interview")
