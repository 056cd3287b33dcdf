"""REST API of the objectives, scoped like the pages.

Reading: anyone with a role, within their scope (an account without any role gets 404):
their own objectives, their people's, their teams' and departments'. Writing: HR of the
site and managers set, change, evaluate and drop; the employee adds check-ins and gives
their self-evaluation. Objectives are never deleted (405): they are dropped with a reason.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from parcours.core.scope import scope_for
from parcours.objectives import selectors, services
from parcours.objectives.choices import EvaluationRole, ObjectiveLevel, ObjectiveStatus
from parcours.objectives.models import CheckIn, Evaluation, EvaluationScale, Objective, ScaleLevel
from parcours.organisation.models import Department, Employee, Team


def _validation(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(
        getattr(error, "message_dict", None) or {"non_field_errors": error.messages}
    )


class ObjectivesPermission(permissions.BasePermission):
    """Authenticated, with a role or a linked employee; the rest is checked per record."""

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        if not scope_for(request.user).has_any_role:
            raise NotFound
        return True


# Scales --------------------------------------------------------------------------------


class ScaleLevelSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = ScaleLevel
        fields = ["id", "code", "rank", "outcome", "label", "labels"]


class ScaleSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    levels = ScaleLevelSerializer(many=True, read_only=True)

    class Meta:
        model = EvaluationScale
        fields = ["id", "code", "label", "labels", "is_default", "levels"]


class ScaleViewSet(viewsets.ReadOnlyModelViewSet):
    """The evaluation scales (A to D by default) with their levels, best first."""

    serializer_class = ScaleSerializer
    permission_classes = [ObjectivesPermission]
    pagination_class = None
    queryset = EvaluationScale.objects.prefetch_related(
        Prefetch("levels", queryset=ScaleLevel.objects.order_by("-rank"))
    )


# Objectives ----------------------------------------------------------------------------


class ObjectiveSerializer(serializers.ModelSerializer):
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.all(), required=False, allow_null=True
    )
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(), required=False, allow_null=True
    )
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), required=False, allow_null=True
    )
    contributes_to = serializers.PrimaryKeyRelatedField(
        queryset=Objective.objects.all(), required=False, allow_null=True
    )
    conditions = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, max_length=20
    )
    baseline = serializers.DecimalField(
        max_digits=14, decimal_places=3, required=False, allow_null=True
    )
    target = serializers.DecimalField(
        max_digits=14, decimal_places=3, required=False, allow_null=True
    )
    last_checkin = serializers.DateField(read_only=True, allow_null=True)
    grade = serializers.CharField(
        read_only=True, allow_null=True, help_text="Code of the latest manager evaluation."
    )
    result = serializers.DecimalField(
        max_digits=14,
        decimal_places=3,
        read_only=True,
        allow_null=True,
        help_text="Measured value of the latest manager evaluation.",
    )

    class Meta:
        model = Objective
        fields = [
            "id",
            "level",
            "owner",
            "team",
            "department",
            "site",
            "contributes_to",
            "title",
            "indicator",
            "unit",
            "baseline",
            "target",
            "conditions",
            "period_start",
            "period_end",
            "weight",
            "scale",
            "status",
            "status_reason",
            "set_by",
            "set_in",
            "closed_in",
            "closed_on",
            "previous",
            "version",
            "last_checkin",
            "grade",
            "result",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "site",
            "scale",
            "status",
            "status_reason",
            "set_by",
            "set_in",
            "closed_in",
            "closed_on",
            "previous",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"version": {"required": False}}


class ObjectiveFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("title or indicator"))
    year = filters.NumberFilter(field_name="period_start", lookup_expr="year", label=_("year"))

    class Meta:
        model = Objective
        fields = ["level", "owner", "team", "department", "site", "status", "contributes_to"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(indicator__icontains=value))


class DropSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class ObjectiveViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Objectives the caller sees. POST sets one (HR of the site, a manager for their
    people and teams); PATCH changes an open one (send `version` to detect concurrent
    changes); `drop/` drops it with a reason. No DELETE: objectives stay in the history."""

    serializer_class = ObjectiveSerializer
    permission_classes = [ObjectivesPermission]
    filterset_class = ObjectiveFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.annotate_list(Objective.objects.for_user(self.request.user)).order_by(
            "-period_start", "pk"
        )

    def _visible(self, obj, model, field):
        if obj is None:
            return None
        if not model.objects.for_user(self.request.user).filter(pk=obj.pk).exists():
            raise serializers.ValidationError({field: _("Not found among what you may see.")})
        return obj

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        level = data.pop("level", ObjectiveLevel.INDIVIDUAL)
        owner = self._visible(data.pop("owner", None), Employee, "owner")
        team = self._visible(data.pop("team", None), Team, "team")
        department = self._visible(data.pop("department", None), Department, "department")
        parent = self._visible(data.pop("contributes_to", None), Objective, "contributes_to")
        try:
            objective = services.objective_create(
                user=self.request.user,
                level=level,
                owner=owner,
                team=team,
                department=department,
                contributes_to=parent,
                **data,
            )
        except DjangoValidationError as error:
            raise _validation(error) from error
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        serializer.instance = self.get_queryset().get(pk=objective.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        for frozen in ("level", "owner", "team", "department"):
            if frozen in data and data.pop(frozen) != getattr(serializer.instance, frozen):
                raise serializers.ValidationError(
                    {frozen: _("Whose objective it is cannot change: drop it and set a new one.")}
                )
        if "contributes_to" in data:
            self._visible(data["contributes_to"], Objective, "contributes_to")
        try:
            services.objective_update(
                objective=serializer.instance, user=self.request.user, version=version, **data
            )
        except DjangoValidationError as error:
            raise _validation(error) from error
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    @extend_schema(request=DropSerializer, responses=ObjectiveSerializer)
    @action(detail=True, methods=["post"])
    def drop(self, request, pk=None):
        """Drop an open objective with a reason; it stays in the history."""
        objective = self.get_object()
        payload = DropSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            services.objective_drop(
                objective=objective, user=request.user, reason=payload.validated_data["reason"]
            )
        except DjangoValidationError as error:
            raise _validation(error) from error
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        return Response(ObjectiveSerializer(self.get_queryset().get(pk=objective.pk)).data)


# Check-ins -----------------------------------------------------------------------------


class CheckInSerializer(serializers.ModelSerializer):
    objective = serializers.PrimaryKeyRelatedField(queryset=Objective.objects.all())
    value = serializers.DecimalField(
        max_digits=14, decimal_places=3, required=False, allow_null=True
    )

    class Meta:
        model = CheckIn
        fields = ["id", "objective", "day", "value", "note", "by", "created_at"]
        read_only_fields = ["by", "created_at"]


class CheckInViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Check-ins of the objectives the caller sees (`?objective=`). POST adds one: the
    employee for their own objective, a manager or HR for the objectives they change."""

    serializer_class = CheckInSerializer
    permission_classes = [ObjectivesPermission]
    filterset_fields = ["objective"]

    def get_queryset(self):
        visible = Objective.objects.for_user(self.request.user).values("pk")
        return CheckIn.objects.filter(objective__in=visible).order_by("-day", "-pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        objective = (
            Objective.objects.for_user(self.request.user).filter(pk=data["objective"].pk).first()
        )
        if objective is None:
            raise serializers.ValidationError({"objective": _("Not found among what you may see.")})
        try:
            serializer.instance = services.checkin_add(
                objective=objective,
                user=self.request.user,
                day=data.get("day"),
                value=data.get("value"),
                note=data.get("note", ""),
            )
        except DjangoValidationError as error:
            raise _validation(error) from error
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error


# Evaluations ---------------------------------------------------------------------------


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^(manager|self)$",
        "description": "`manager`: the manager's evaluation; `self`: the employee's own.",
    }
)
class EvaluationRoleField(serializers.ChoiceField):
    """A pattern rather than an enum in the schema: the signatures already have a "role"
    enum, and two enums of one name get numbered names."""


class EvaluationSerializer(serializers.ModelSerializer):
    role = EvaluationRoleField(choices=EvaluationRole.choices)
    objective = serializers.PrimaryKeyRelatedField(queryset=Objective.objects.all())
    level = serializers.PrimaryKeyRelatedField(
        queryset=ScaleLevel.objects.all(), required=False, allow_null=True
    )
    level_code = serializers.CharField(source="level.code", read_only=True, allow_null=True)
    value = serializers.DecimalField(
        max_digits=14, decimal_places=3, required=False, allow_null=True
    )

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "objective",
            "interview",
            "role",
            "evaluator",
            "evaluator_name",
            "level",
            "level_code",
            "value",
            "comment",
            "decision",
            "evaluated_on",
            "updated_at",
        ]
        read_only_fields = [
            "interview",
            "evaluator",
            "evaluator_name",
            "evaluated_on",
            "updated_at",
        ]


class EvaluationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Evaluations of the objectives the caller sees (`?objective=&role=`). POST records
    one outside an interview: `role` "manager" (with an optional `decision`: close, renew,
    carry_over) by a manager or HR, or "self" by the employee."""

    serializer_class = EvaluationSerializer
    permission_classes = [ObjectivesPermission]
    filterset_fields = ["objective", "role", "interview"]

    def get_queryset(self):
        visible = Objective.objects.for_user(self.request.user).values("pk")
        queryset = Evaluation.objects.filter(objective__in=visible).select_related("level")
        if scope_for(self.request.user).employee_id is not None:
            # The employee sees the manager's evaluation of an interview once it is held.
            me = scope_for(self.request.user).employee_id
            queryset = queryset.exclude(
                Q(objective__owner_id=me)
                & Q(role=EvaluationRole.MANAGER)
                & Q(interview__status__in=["to_plan", "planned", "prepared"])
            )
        return queryset.order_by("evaluated_on", "pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        objective = (
            Objective.objects.for_user(self.request.user).filter(pk=data["objective"].pk).first()
        )
        if objective is None:
            raise serializers.ValidationError({"objective": _("Not found among what you may see.")})
        try:
            serializer.instance = services.evaluation_record(
                objective=objective,
                user=self.request.user,
                role=data["role"],
                level=data.get("level"),
                value=data.get("value"),
                comment=data.get("comment", ""),
                decision=data.get("decision", ""),
            )
        except DjangoValidationError as error:
            raise _validation(error) from error
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error


# Expected versus achieved --------------------------------------------------------------


class HistoryViewSet(viewsets.ViewSet):
    """Expected versus achieved for one person: every period with its objectives."""

    permission_classes = [ObjectivesPermission]
    lookup_value_regex = r"\d+"

    @extend_schema(
        parameters=[
            OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="employee")
        ],
        responses=inline_serializer(
            "ObjectiveHistory",
            {
                "employee": serializers.IntegerField(),
                "periods": serializers.ListField(
                    child=inline_serializer(
                        "ObjectivePeriod",
                        {
                            "year": serializers.IntegerField(),
                            "total": serializers.IntegerField(),
                            "achieved": serializers.IntegerField(),
                            "partly_achieved": serializers.IntegerField(),
                            "not_achieved": serializers.IntegerField(),
                            "open": serializers.IntegerField(),
                            "carried_over": serializers.IntegerField(),
                            "objectives": serializers.ListField(child=serializers.DictField()),
                        },
                    )
                ),
            },
        ),
    )
    def retrieve(self, request, pk=None):
        employee = Employee.objects.for_user(request.user).filter(pk=pk).first()
        if employee is None:
            raise NotFound
        periods = selectors.expected_vs_achieved(employee=employee)
        return Response(
            {
                "employee": employee.pk,
                "periods": [
                    {
                        "year": period.year,
                        "total": period.total,
                        "achieved": period.achieved,
                        "partly_achieved": period.partly,
                        "not_achieved": period.not_achieved,
                        "open": period.open,
                        "carried_over": period.carried_over,
                        "objectives": [
                            {
                                "id": row.objective.pk,
                                "title": row.objective.title,
                                "target": str(row.objective.target)
                                if row.objective.target is not None
                                else None,
                                "result": str(row.result) if row.result is not None else None,
                                "status": row.objective.status,
                                "evaluation": row.manager.level.code
                                if row.manager and row.manager.level_id
                                else None,
                                "self_evaluation": row.self_evaluation.level.code
                                if row.self_evaluation and row.self_evaluation.level_id
                                else None,
                            }
                            for row in period.rows
                        ],
                    }
                    for period in periods
                ],
            }
        )


def register(router) -> None:
    """Add the objectives endpoints to the project's router."""
    router.register("objectives/scales", ScaleViewSet, basename="objective-scale")
    router.register("objectives/objectives", ObjectiveViewSet, basename="objective")
    router.register("objectives/check-ins", CheckInViewSet, basename="objective-checkin")
    router.register("objectives/evaluations", EvaluationViewSet, basename="objective-evaluation")
    router.register("objectives/history", HistoryViewSet, basename="objective-history")


__all__ = ["ObjectiveStatus", "register"]
