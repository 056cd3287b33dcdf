"""REST API of the skills matrix, scoped like the pages.

Reading: anyone with a role, within their scope (an account without any role gets 404).
The catalogue and the scale are read by everyone; requirements, certificates and the
matrix by those who browse (HR, coordinators, auditors, managers); assessments by whoever
sees the person. Writing: HR of the site for the catalogue and requirements; a manager or
HR records levels; an employee proposes their own (a self-assessment). Levels are never
changed or deleted: a new level is a new assessment.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from parcours.core.scope import scope_for
from parcours.organisation.models import Employee, Position, Site, Team
from parcours.skills import selectors, services
from parcours.skills.choices import RECORDED_SOURCES, AssessmentSource, SkillKind
from parcours.skills.labels import clean_labels
from parcours.skills.models import (
    Assessment,
    Certification,
    CertificationType,
    Level,
    PositionRequirement,
    Skill,
    SkillDomain,
    TeamRequirement,
)


def _validation(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(
        getattr(error, "message_dict", None) or {"non_field_errors": error.messages}
    )


class SkillsPermission(permissions.BasePermission):
    """A role or a linked employee to read anything; `browse_only` views need the right to
    browse (HR, coordinators, auditors, managers). Writing needs the view's `write_perm`
    before anything is read from the request; each view then checks the record."""

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        if not scope_for(request.user).has_any_role:
            raise NotFound
        if getattr(view, "browse_only", False) and not request.user.has_perm("skills.browse"):
            return False
        write_perm = getattr(view, "write_perm", None)
        if request.method in permissions.SAFE_METHODS or write_perm is None:
            return True
        return request.user.has_perm(write_perm)


class LabelsField(serializers.JSONField):
    def to_internal_value(self, data):
        labels = clean_labels(super().to_internal_value(data))
        if not isinstance(data, dict) or not labels:
            raise serializers.ValidationError(_('Give a name in at least one language: {"en": …}'))
        return labels


# Catalogue ----------------------------------------------------------------------------


class LevelSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)

    class Meta:
        model = Level
        fields = ["rank", "code", "symbol", "colour", "label", "labels", "description"]


class LevelViewSet(viewsets.ReadOnlyModelViewSet):
    """The level scale (ILUO by default), lowest first. Changed by group HR in the pages."""

    serializer_class = LevelSerializer
    permission_classes = [SkillsPermission]
    queryset = Level.objects.order_by("rank")
    lookup_field = "rank"
    pagination_class = None


class DomainSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    labels = LabelsField()

    class Meta:
        model = SkillDomain
        fields = ["id", "code", "parent", "label", "labels", "ordering"]


class DomainViewSet(viewsets.ModelViewSet):
    """Domains of the catalogue, a tree through `parent`. Group HR changes them."""

    serializer_class = DomainSerializer
    permission_classes = [SkillsPermission]
    write_perm = "skills.change_domains"
    queryset = SkillDomain.objects.order_by("ordering", "code")
    filterset_fields = ["parent"]

    def _save(self, serializer):
        if not self.request.user.has_perm("skills.change_domains"):
            raise PermissionDenied(_("Only group HR changes the domains of the catalogue."))
        domain = serializer.instance or SkillDomain()
        for name, value in serializer.validated_data.items():
            setattr(domain, name, value)
        try:
            serializer.instance = services.domain_save(domain=domain, user=self.request.user)
        except DjangoValidationError as error:
            raise _validation(error) from error

    perform_create = _save
    perform_update = _save

    def perform_destroy(self, instance):
        if not self.request.user.has_perm("skills.change_domains"):
            raise PermissionDenied(_("Only group HR changes the domains of the catalogue."))
        if instance.skills.exists() or instance.children.exists():
            raise serializers.ValidationError(_("This domain still holds skills or domains."))
        instance._history_user = self.request.user
        instance.delete()


class CertificationTypeSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = CertificationType
        fields = ["id", "code", "label", "labels", "validity_months", "alert_days"]


class CertificationTypeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CertificationTypeSerializer
    permission_classes = [SkillsPermission]
    queryset = CertificationType.objects.order_by("code")


class SkillSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    labels = LabelsField()

    class Meta:
        model = Skill
        fields = [
            "id",
            "code",
            "domain",
            "label",
            "labels",
            "description",
            "kind",
            "site",
            "position",
            "certification_type",
            "active",
            "ordering",
        ]


class SkillFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("code or name"))

    class Meta:
        model = Skill
        fields = ["domain", "kind", "site", "position", "active", "code"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(labels__icontains=value))


class SkillViewSet(viewsets.ModelViewSet):
    """Skills of the catalogue the caller sees: group-wide ones and those of their sites.
    HR of a site changes its skills; group HR the group-wide ones. A skill in use is not
    deleted: set `active` to false."""

    serializer_class = SkillSerializer
    permission_classes = [SkillsPermission]
    write_perm = "skills.change_catalogue"
    filterset_class = SkillFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return Skill.objects.for_user(self.request.user).order_by("code")

    def _save(self, serializer):
        skill = serializer.instance or Skill()
        if serializer.instance is not None and not self.request.user.has_perm(
            "skills.change_catalogue", serializer.instance
        ):
            raise PermissionDenied(_("You may not change this skill."))
        for name, value in serializer.validated_data.items():
            setattr(skill, name, value)
        if skill.position_id and skill.site_id is None:
            skill.site_id = skill.position.site_id
        if not scope_for(self.request.user).can_edit_site(skill.site_id):
            raise PermissionDenied(_("You may not change the catalogue of this site."))
        try:
            serializer.instance = services.skill_save(skill=skill, user=self.request.user)
        except DjangoValidationError as error:
            raise _validation(error) from error

    perform_create = _save
    perform_update = _save


# Requirements -------------------------------------------------------------------------


class PositionRequirementSerializer(serializers.ModelSerializer):
    class Meta:
        model = PositionRequirement
        fields = ["id", "position", "skill", "level"]

    def validate(self, attrs):
        user = self.context["request"].user
        position = attrs.get("position") or self.instance.position
        skill = attrs.get("skill") or self.instance.skill
        if not Position.objects.for_user(user).filter(pk=position.pk).exists():
            raise serializers.ValidationError({"position": _("Unknown position.")})
        if not Skill.objects.for_user(user).filter(pk=skill.pk).exists():
            raise serializers.ValidationError({"skill": _("Unknown skill.")})
        return attrs


class PositionRequirementViewSet(viewsets.ModelViewSet):
    """The level each position requires on each skill. HR of the position's site (group HR
    for positions of the whole group) changes them. Setting a position and skill that are
    already required changes the level."""

    serializer_class = PositionRequirementSerializer
    permission_classes = [SkillsPermission]
    write_perm = "skills.change_requirements"
    filterset_fields = ["position", "skill"]
    browse_only = True

    def get_queryset(self):
        return (
            PositionRequirement.objects.for_user(self.request.user)
            .select_related("position", "skill")
            .order_by("pk")
        )

    def _save(self, serializer):
        data = serializer.validated_data
        position = data.get("position") or serializer.instance.position
        skill = data.get("skill") or serializer.instance.skill
        if not self.request.user.has_perm("skills.change_requirements", position):
            raise PermissionDenied(_("You may not change the requirements of this position."))
        if serializer.instance is not None and (
            serializer.instance.position_id != position.pk
            or serializer.instance.skill_id != skill.pk
        ):
            raise serializers.ValidationError(_("Remove the requirement and set a new one."))
        try:
            serializer.instance = services.position_requirement_set(
                position=position,
                skill=skill,
                level=data.get("level", getattr(serializer.instance, "level", None)),
                user=self.request.user,
            )
        except DjangoValidationError as error:
            raise _validation(error) from error

    perform_create = _save
    perform_update = _save

    def perform_destroy(self, instance):
        if not self.request.user.has_perm("skills.change_requirements", instance.position):
            raise PermissionDenied(_("You may not change the requirements of this position."))
        services.position_requirement_set(
            position=instance.position, skill=instance.skill, level=None, user=self.request.user
        )


class TeamRequirementSerializer(serializers.ModelSerializer):
    class Meta:
        model = TeamRequirement
        fields = ["id", "team", "skill", "level", "min_people"]
        validators = []  # the service merges a repeated team, skill and level

    def validate(self, attrs):
        user = self.context["request"].user
        team = attrs.get("team") or self.instance.team
        skill = attrs.get("skill") or self.instance.skill
        if not Team.objects.for_user(user).filter(pk=team.pk).exists():
            raise serializers.ValidationError({"team": _("Unknown team.")})
        if not Skill.objects.for_user(user).filter(pk=skill.pk).exists():
            raise serializers.ValidationError({"skill": _("Unknown skill.")})
        return attrs


class TeamRequirementViewSet(viewsets.ModelViewSet):
    """How many people of each team must hold each skill at a level. HR of the team's site
    changes them."""

    serializer_class = TeamRequirementSerializer
    permission_classes = [SkillsPermission]
    write_perm = "skills.change_requirements"
    filterset_fields = ["team", "skill"]
    browse_only = True

    def get_queryset(self):
        return (
            TeamRequirement.objects.for_user(self.request.user)
            .select_related("team", "skill")
            .order_by("pk")
        )

    def _save(self, serializer):
        data = {**self._current(serializer.instance), **serializer.validated_data}
        if not self.request.user.has_perm("skills.change_requirements", data["team"]):
            raise PermissionDenied(_("You may not change the requirements of this team."))
        try:
            if serializer.instance is not None:
                services.team_requirement_delete(
                    requirement=serializer.instance, user=self.request.user
                )
            serializer.instance = services.team_requirement_set(user=self.request.user, **data)
        except DjangoValidationError as error:
            raise _validation(error) from error

    @staticmethod
    def _current(instance) -> dict:
        if instance is None:
            return {}
        return {
            "team": instance.team,
            "skill": instance.skill,
            "level": instance.level,
            "min_people": instance.min_people,
        }

    perform_create = _save
    perform_update = _save

    def perform_destroy(self, instance):
        if not self.request.user.has_perm("skills.change_requirements", instance.team):
            raise PermissionDenied(_("You may not change the requirements of this team."))
        services.team_requirement_delete(requirement=instance, user=self.request.user)


# Assessments --------------------------------------------------------------------------


class AssessmentSerializer(serializers.ModelSerializer):
    assessor = serializers.SlugRelatedField(slug_field="username", read_only=True)
    source = serializers.ChoiceField(
        choices=AssessmentSource.choices,
        default=AssessmentSource.OBSERVATION,
        help_text="How the level was seen; `self`: the employee proposes their own level; "
        "`import` is written by matrix imports only.",
    )

    class Meta:
        model = Assessment
        fields = [
            "id",
            "employee",
            "skill",
            "level",
            "assessed_on",
            "source",
            "status",
            "assessor",
            "note",
            "answers",
            "recorded_at",
        ]
        read_only_fields = ["status", "assessor", "answers", "recorded_at"]

    def validate_source(self, value):
        if value not in {source for source, _label in RECORDED_SOURCES} | {AssessmentSource.SELF}:
            raise serializers.ValidationError(_("Levels are imported from the import page."))
        return value

    def validate(self, attrs):
        user = self.context["request"].user
        employee, skill = attrs["employee"], attrs["skill"]
        if not Employee.objects.for_user(user).filter(pk=employee.pk).exists():
            raise serializers.ValidationError({"employee": _("Unknown employee.")})
        if not Skill.objects.for_user(user).filter(pk=skill.pk).exists():
            raise serializers.ValidationError({"skill": _("Unknown skill.")})
        return attrs


class AssessmentFilterSet(filters.FilterSet):
    assessed_after = filters.DateFilter(field_name="assessed_on", lookup_expr="gte")
    assessed_before = filters.DateFilter(field_name="assessed_on", lookup_expr="lte")

    class Meta:
        model = Assessment
        fields = ["employee", "skill", "source", "status"]


class AssessmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Every level ever recorded for the people the caller sees, newest first.

    POST records a level (a manager for the people below them, HR for their sites; the
    latest by date becomes current). An employee posting for themself with
    `source: "self"` proposes a level, which counts once the manager answers it. Levels
    are never changed or deleted.
    """

    serializer_class = AssessmentSerializer
    permission_classes = [SkillsPermission]
    filterset_class = AssessmentFilterSet

    def get_queryset(self):
        return (
            Assessment.objects.for_user(self.request.user)
            .select_related("assessor")
            .order_by("-assessed_on", "-pk")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        employee, user = data["employee"], self.request.user
        try:
            if data["source"] == AssessmentSource.SELF:
                if not user.has_perm("skills.self_assess", employee):
                    raise PermissionDenied(_("Only the employee assesses themself."))
                serializer.instance = services.self_assessment_propose(
                    employee=employee,
                    skill=data["skill"],
                    level=data["level"],
                    note=data.get("note", ""),
                    user=user,
                )
                return
            if not user.has_perm("skills.assess", employee):
                raise PermissionDenied(_("You may not record levels for this person."))
            serializer.instance = services.assessment_record(
                employee=employee,
                skill=data["skill"],
                level=data["level"],
                source=data["source"],
                assessed_on=data.get("assessed_on"),
                note=data.get("note", ""),
                user=user,
            )
        except DjangoValidationError as error:
            raise _validation(error) from error


# Certificates -------------------------------------------------------------------------


class CertificationSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField()

    class Meta:
        model = Certification
        fields = [
            "id",
            "employee",
            "type",
            "obtained_on",
            "valid_until",
            "reference",
            "note",
            "state",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=["valid", "expiring", "expired"]))
    def get_state(self, certification) -> str:
        return str(certification.state())

    def validate_employee(self, employee):
        user = self.context["request"].user
        if not Employee.objects.for_user(user).filter(pk=employee.pk).exists():
            raise serializers.ValidationError(_("Unknown employee."))
        return employee


class CertificationFilterSet(filters.FilterSet):
    valid_until_before = filters.DateFilter(field_name="valid_until", lookup_expr="lte")

    class Meta:
        model = Certification
        fields = ["employee", "type"]


class CertificationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Certificates of the people the caller sees. HR of the person's site records one;
    without `valid_until`, the type's validity runs from `obtained_on`."""

    serializer_class = CertificationSerializer
    permission_classes = [SkillsPermission]
    write_perm = "skills.change_certifications"
    filterset_class = CertificationFilterSet
    browse_only = True

    def get_queryset(self):
        return (
            Certification.objects.for_user(self.request.user)
            .select_related("type")
            .order_by("-obtained_on", "-pk")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        if not self.request.user.has_perm("skills.change_certifications", data["employee"]):
            raise PermissionDenied(_("You may not record certificates for this person."))
        try:
            serializer.instance = services.certification_record(
                employee=data["employee"],
                certification_type=data["type"],
                obtained_on=data["obtained_on"],
                valid_until=data.get("valid_until"),
                reference=data.get("reference", ""),
                note=data.get("note", ""),
                user=self.request.user,
            )
        except DjangoValidationError as error:
            raise _validation(error) from error


# The matrix ---------------------------------------------------------------------------


class _OneDocument(AutoSchema):
    """The matrix is one document, not a list, although the router serves it as `list`."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


MATRIX_RESPONSE = inline_serializer(
    "SkillsMatrix",
    {
        "levels": LevelSerializer(many=True),
        "skills": inline_serializer(
            "SkillsMatrixColumn",
            {
                "id": serializers.IntegerField(),
                "code": serializers.CharField(),
                "label": serializers.CharField(),
                "domain": serializers.CharField(),
                "counts": serializers.DictField(child=serializers.IntegerField()),
                "required": serializers.IntegerField(),
                "meeting": serializers.IntegerField(),
            },
            many=True,
        ),
        "people": inline_serializer(
            "SkillsMatrixRow",
            {
                "id": serializers.IntegerField(),
                "employee_number": serializers.CharField(),
                "name": serializers.CharField(),
                "position": serializers.IntegerField(allow_null=True),
                "share": serializers.IntegerField(allow_null=True),
                "levels": serializers.ListField(
                    child=serializers.IntegerField(allow_null=True),
                    help_text="One per skill, in the order of `skills`; null: never assessed.",
                ),
                "required": serializers.ListField(child=serializers.IntegerField(allow_null=True)),
                "status": serializers.ListField(
                    child=serializers.ChoiceField(choices=["ok", "gap", "expired", "none"])
                ),
            },
            many=True,
        ),
        "coverage": inline_serializer(
            "SkillsCoverage",
            {
                "skill": serializers.IntegerField(),
                "level": serializers.IntegerField(),
                "min_people": serializers.IntegerField(),
                "holders": serializers.IntegerField(),
                "present": serializers.IntegerField(),
                "status": serializers.ChoiceField(choices=["below", "no_margin", "ok"]),
            },
            many=True,
        ),
        "truncated": serializers.BooleanField(),
    },
)


@extend_schema_view(
    list=extend_schema(
        summary="The skills matrix of a team, a site or a position",
        parameters=[
            OpenApiParameter("team", OpenApiTypes.INT),
            OpenApiParameter("site", OpenApiTypes.INT),
            OpenApiParameter("position", OpenApiTypes.INT),
            OpenApiParameter("domain", OpenApiTypes.INT, description="A domain and below."),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=SkillKind.values),
            OpenApiParameter("show", OpenApiTypes.STR, enum=list(selectors.SHOW_CHOICES)),
        ],
        responses=MATRIX_RESPONSE,
    )
)
class MatrixViewSet(viewsets.ViewSet):
    """People by skills with levels, what each position requires, totals per skill and
    the team's minimum headcounts: the data of the matrix page, in a fixed number of
    queries."""

    schema = _OneDocument()
    permission_classes = [SkillsPermission]
    browse_only = True

    def _get(self, model, name):
        value = self.request.query_params.get(name)
        if not value:
            return None
        if not value.isdigit():
            raise NotFound
        found = model.objects.for_user(self.request.user).filter(pk=value).first()
        if found is None:
            raise NotFound
        return found

    def list(self, request):
        params = request.query_params
        query = selectors.MatrixQuery(
            team=self._get(Team, "team"),
            site=self._get(Site, "site"),
            position=self._get(Position, "position"),
            domain_id=int(params["domain"]) if params.get("domain", "").isdigit() else None,
            kind=params.get("kind", "") if params.get("kind") in SkillKind.values else "",
            show=params.get("show") if params.get("show") in selectors.SHOW_CHOICES else "held",
        )
        if query.team is None and query.site is None and query.position is None:
            raise serializers.ValidationError(_("Give a team, a site or a position."))
        matrix = selectors.skills_matrix(user=request.user, query=query)
        return Response(
            {
                "levels": LevelSerializer(matrix.scale.levels, many=True).data,
                "skills": [
                    {
                        "id": column.skill.pk,
                        "code": column.skill.code,
                        "label": column.skill.label,
                        "domain": column.domain_path,
                        "counts": {str(rank): n for rank, n in column.counts.items()},
                        "required": column.required,
                        "meeting": column.meeting,
                    }
                    for column in matrix.columns
                ],
                "people": [
                    {
                        "id": row.employee.pk,
                        "employee_number": row.employee.employee_number,
                        "name": f"{row.employee.first_name} {row.employee.last_name}",
                        "position": row.employee.position_id,
                        "share": row.share,
                        "levels": [cell.level for cell in row.cells],
                        "required": [cell.required for cell in row.cells],
                        "status": [str(cell.status) for cell in row.cells],
                    }
                    for row in matrix.rows
                ],
                "coverage": [
                    {
                        "skill": line.skill.pk,
                        "level": line.requirement.level,
                        "min_people": line.min_people,
                        "holders": line.holders,
                        "present": line.present,
                        "status": str(line.status),
                    }
                    for line in matrix.coverage
                ],
                "truncated": matrix.truncated,
            }
        )


def register(router) -> None:
    """Add the skills endpoints to the project's router."""
    router.register("skills/levels", LevelViewSet, basename="skill-level")
    router.register("skills/domains", DomainViewSet, basename="skill-domain")
    router.register("skills/skills", SkillViewSet, basename="skill")
    router.register(
        "skills/certification-types", CertificationTypeViewSet, basename="certification-type"
    )
    router.register(
        "skills/position-requirements",
        PositionRequirementViewSet,
        basename="position-requirement",
    )
    router.register("skills/team-requirements", TeamRequirementViewSet, basename="team-requirement")
    router.register("skills/assessments", AssessmentViewSet, basename="skill-assessment")
    router.register("skills/certifications", CertificationViewSet, basename="certification")
    router.register("skills/matrix", MatrixViewSet, basename="skills-matrix")
