"""REST API of the interview obligations, scoped like the pages.

- `GET /api/v1/compliance/obligations/?on=DATE&site=ID`: one entry per employee the user
  reads in lists (HR of their sites, group HR, auditors), with the assessment as of DATE.
- `GET /api/v1/compliance/obligations/<employee id>/?on=DATE`: one employee (also their
  managers).
- `GET|PUT|PATCH /api/v1/compliance/settings/<legal entity id>/`: the settings of an entity.
- `/api/v1/compliance/policies/`: company policies (read: HR and auditors; write: as the
  pages allow).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from parcours.compliance import selectors, services
from parcours.compliance.models import EntitySettings, InterviewPolicy
from parcours.compliance.permissions import entity_site_ids
from parcours.compliance.rule_texts import reason_text, rule_text
from parcours.core.scope import scope_for
from parcours.interviews.models import InterviewKind
from parcours.organisation.models import Employee, EmployeeCategory, LegalEntity, Site


class CompliancePermission(permissions.BasePermission):
    """Signed in; an account without any role gets 404."""

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        if not scope_for(request.user).has_any_role:
            raise NotFound
        return True


def _validation(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(
        getattr(error, "message_dict", None) or {"non_field_errors": error.messages}
    )


def _on(request) -> date:
    text = request.query_params.get("on")
    if not text:
        return timezone.localdate()
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise serializers.ValidationError({"on": _("Give a date as YYYY-MM-DD.")}) from error


class MetBySerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.CharField()
    topics = serializers.ListField(child=serializers.CharField())
    declined = serializers.BooleanField()


class ObligationSerializer(serializers.Serializer):
    kind = serializers.CharField()
    due = serializers.DateField()
    earliest = serializers.DateField()
    status = serializers.CharField()
    met_by = MetBySerializer(allow_null=True)
    reason = serializers.CharField(allow_null=True, help_text="A note, in English.")
    reason_code = serializers.CharField(allow_null=True)
    reason_params = serializers.DictField(allow_null=True)
    reason_text = serializers.CharField(
        allow_null=True, help_text="The note in the user's language."
    )
    rule = serializers.CharField(help_text="The rule behind the due date, in English.")
    rule_code = serializers.CharField(help_text="Which sentence `rule` is (see rule_params).")
    rule_params = serializers.DictField(
        help_text="The values the rule names: codes, ISO dates and numbers."
    )
    rule_text = serializers.CharField(
        help_text="The rule behind the due date, in the user's language."
    )
    policy = serializers.CharField()
    counted_from = serializers.DateField()
    grace_until = serializers.DateField(allow_null=True)


class PenaltySerializer(serializers.Serializer):
    at_risk = serializers.BooleanField()
    amount_eur = serializers.IntegerField()
    pay_by = serializers.DateField(allow_null=True)
    cpf_hours = serializers.IntegerField()
    projected = serializers.BooleanField()
    summary_due = serializers.DateField(allow_null=True)
    reason = serializers.CharField()


class ObligationsOfEmployeeSerializer(serializers.Serializer):
    employee = serializers.IntegerField()
    employee_number = serializers.CharField()
    name = serializers.CharField()
    site = serializers.CharField()
    on = serializers.DateField()
    policy = serializers.CharField()
    policies = serializers.ListField(child=serializers.CharField())
    obligations = ObligationSerializer(many=True)
    penalty = PenaltySerializer()


def _entry(who: selectors.Assessed) -> dict:
    entry = {
        "employee": who.pk,
        "employee_number": who.employee["employee_number"],
        "name": who.name,
        "site": who.employee["site__code"],
        **who.assessment.to_dict(),
    }
    for obligation, data in zip(who.assessment.obligations, entry["obligations"], strict=True):
        data["rule_text"] = rule_text(obligation)
        data["reason_text"] = reason_text(obligation.reason) if obligation.reason else None
    return entry


ON = OpenApiParameter("on", OpenApiTypes.DATE, description="As of this date (default today)")
SITE = OpenApiParameter("site", OpenApiTypes.INT, description="Only this site")


@extend_schema_view(
    list=extend_schema(parameters=[ON, SITE], responses=ObligationsOfEmployeeSerializer(many=True)),
    retrieve=extend_schema(parameters=[ON], responses=ObligationsOfEmployeeSerializer),
)
class ObligationViewSet(viewsets.ViewSet):
    """Obligations per employee as of a date (read only)."""

    permission_classes = [CompliancePermission]
    serializer_class = ObligationsOfEmployeeSerializer
    # For the schema only: the path's id is an employee's.
    queryset = Employee.objects.none()

    def list(self, request):
        if not request.user.has_perm("compliance.browse"):
            raise PermissionDenied
        on = _on(request)
        scope = scope_for(request.user)
        employees = Employee.objects.all()
        if not scope.whole_group:
            employees = employees.filter(site_id__in=scope.hr_site_ids)
        site = request.query_params.get("site")
        if site:
            if (
                not site.isdigit()
                or not Site.objects.for_user(request.user).filter(pk=site).exists()
            ):
                raise NotFound
            employees = employees.filter(site_id=site)
        assessed = selectors.assess_employees(
            selectors.employees_on(employees, on).order_by("last_name", "pk"), on
        )
        return Response([_entry(who) for who in assessed])

    def retrieve(self, request, pk=None):
        employee = get_object_or_404(Employee.objects.for_user(request.user), pk=pk)
        if not request.user.has_perm("compliance.view_employee", employee):
            raise PermissionDenied
        return Response(_entry(selectors.assess_one(employee, _on(request))))


class SettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = EntitySettings
        fields = [
            "legal_entity",
            "return_deadline_days",
            "long_illness_min_months",
            "due_soon_days",
            "sick_counts_as_working_time",
            "parental_counts_as_working_time",
            "agreement_years",
            "agreement_before_reform",
        ]
        read_only_fields = ["legal_entity"]


class SettingsViewSet(viewsets.ViewSet):
    """The obligation settings of a legal entity (by the entity's id)."""

    permission_classes = [CompliancePermission]
    serializer_class = SettingsSerializer
    # For the schema only: the path's id is a legal entity's.
    queryset = LegalEntity.objects.none()

    def _entity(self, request, pk) -> LegalEntity:
        entity = get_object_or_404(LegalEntity, pk=pk)
        scope = scope_for(request.user)
        if not scope.whole_group:
            visible = set(Site.objects.for_user(request.user).values_list("pk", flat=True))
            if not set(entity_site_ids(entity)) & visible:
                raise NotFound
        if not request.user.has_perm("compliance.view_entity", entity):
            raise PermissionDenied
        return entity

    def list(self, request):
        if not request.user.has_perm("compliance.browse"):
            raise PermissionDenied
        scope = scope_for(request.user)
        entities = LegalEntity.objects.order_by("name").select_related("compliance_settings")
        if not scope.whole_group:
            entities = entities.filter(sites__in=scope.hr_site_ids).distinct()
        data = []
        for entity in entities:
            stored = getattr(entity, "compliance_settings", None) or EntitySettings(
                legal_entity=entity
            )
            data.append(SettingsSerializer(stored).data)
        return Response(data)

    def retrieve(self, request, pk=None):
        entity = self._entity(request, pk)
        return Response(SettingsSerializer(services.settings_for(entity)).data)

    def update(self, request, pk=None, partial=False):
        entity = self._entity(request, pk)
        if not request.user.has_perm("compliance.change_settings", entity):
            raise PermissionDenied
        stored = services.settings_for(entity)
        serializer = SettingsSerializer(stored, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        for name, value in serializer.validated_data.items():
            setattr(stored, name, value)
        try:
            services.settings_save(settings=stored, user=request.user)
        except DjangoValidationError as error:
            raise _validation(error) from error
        return Response(SettingsSerializer(stored).data)

    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)


class PolicySerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", queryset=InterviewKind.objects.all())
    legal_entities = serializers.PrimaryKeyRelatedField(
        many=True, queryset=LegalEntity.objects.all(), required=False
    )
    sites = serializers.SlugRelatedField(
        many=True, slug_field="code", queryset=Site.objects.all(), required=False
    )
    categories = serializers.SlugRelatedField(
        many=True, slug_field="code", queryset=EmployeeCategory.objects.all(), required=False
    )

    class Meta:
        model = InterviewPolicy
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "first_due_months",
            "period_months",
            "start",
            "end",
            "legal_entities",
            "sites",
            "categories",
        ]


class PolicyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Company and agreement policies."""

    permission_classes = [CompliancePermission]
    serializer_class = PolicySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InterviewPolicy.objects.none()
        if not self.request.user.has_perm("compliance.browse"):
            raise PermissionDenied
        return InterviewPolicy.objects.select_related("kind").prefetch_related(
            "legal_entities", "sites", "categories"
        )

    def _save(self, serializer, instance=None):
        data = dict(serializer.validated_data)
        scope = {
            name: data.pop(name)
            for name in ("legal_entities", "sites", "categories")
            if name in data
        }
        policy = instance or InterviewPolicy()
        for name, value in data.items():
            setattr(policy, name, value)
        try:
            services.policy_save(policy=policy, user=self.request.user, scope=scope)
        except DjangoValidationError as error:
            raise _validation(error) from error
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        serializer.instance = policy

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    def perform_destroy(self, instance):
        if not self.request.user.has_perm("compliance.change_policy", instance):
            raise PermissionDenied
        services.policy_delete(policy=instance, user=self.request.user)


def register(router) -> None:
    """Add the compliance endpoints to the project's router."""
    router.register("compliance/obligations", ObligationViewSet, basename="compliance-obligation")
    router.register("compliance/settings", SettingsViewSet, basename="compliance-settings")
    router.register("compliance/policies", PolicyViewSet, basename="compliance-policy")
