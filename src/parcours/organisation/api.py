"""REST API of the organisation: read for everyone in scope, write for HR of the site."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import APIException, NotFound, PermissionDenied

from parcours.core.scope import scope_for
from parcours.organisation import services
from parcours.organisation.models import (
    Department,
    Employee,
    EmployeeCategory,
    Leave,
    LegalEntity,
    Position,
    Site,
    Team,
)


class Conflict(APIException):
    status_code = 409
    default_detail = _("This record is still in use.")
    default_code = "conflict"


class ScopedPermission(permissions.BasePermission):
    """Reading needs a role or a linked employee; writing needs HR rights on the record."""

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        if not scope_for(request.user).has_any_role:
            raise NotFound
        if request.method in permissions.SAFE_METHODS:
            # Lists are for those who may browse, as on the pages; a single record in
            # scope (one's own) may be read by anyone who sees it.
            return getattr(view, "action", None) != "list" or request.user.has_perm(
                "organisation.browse"
            )
        return request.user.has_perm("organisation.change_hr_data")

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return request.user.has_perm("organisation.change_hr_data", obj)


class ScopedViewSet(viewsets.ModelViewSet):
    permission_classes = [ScopedPermission]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    scoped_queryset = None  # each viewset names the records it serves

    def get_queryset(self):
        return self.scoped_queryset.all().for_user(self.request.user).order_by("pk")

    def _check_target_site(self, site_id) -> None:
        if not scope_for(self.request.user).can_edit_site(site_id):
            raise PermissionDenied(_("You may not change data of this site."))

    def _save(self, serializer, **extra):
        site_id = serializer.validated_data.get("site", getattr(serializer.instance, "site", None))
        site_id = getattr(site_id, "pk", site_id)
        self._check_target_site(site_id)
        instance = serializer.instance or serializer.Meta.model()
        for name, value in {**serializer.validated_data, **extra}.items():
            setattr(instance, name, value)
        try:
            serializer.instance = services.record_save(record=instance, user=self.request.user)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error

    perform_create = _save
    perform_update = _save

    def perform_destroy(self, instance):
        instance._history_user = self.request.user
        try:
            with transaction.atomic():
                instance.delete()
        except ProtectedError as error:
            raise Conflict(
                _("%(record)s is still in use (%(count)d linked records) and cannot be deleted.")
                % {"record": instance, "count": len(error.protected_objects)}
            ) from error


class LegalEntitySerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalEntity
        fields = ["id", "name", "country", "headcount_override"]


class LegalEntityViewSet(viewsets.ReadOnlyModelViewSet):
    """Legal entities of the group (read only; changed in the admin by group HR)."""

    serializer_class = LegalEntitySerializer
    permission_classes = [ScopedPermission]

    def get_queryset(self):
        scope = scope_for(self.request.user)
        entities = LegalEntity.objects.order_by("pk")
        if scope.whole_group:
            return entities
        return entities.filter(sites__in=Site.objects.for_user(self.request.user)).distinct()


class SiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = ["id", "legal_entity", "name", "code", "address", "default_language"]


class SiteViewSet(ScopedViewSet):
    serializer_class = SiteSerializer
    filterset_fields = ["legal_entity", "code"]

    scoped_queryset = Site.objects.all()

    def _save(self, serializer, **extra):
        if serializer.instance is None and not scope_for(self.request.user).is_group_hr:
            raise PermissionDenied(_("Only group HR creates sites."))
        if serializer.instance is not None:
            self._check_target_site(serializer.instance.pk)
        instance = serializer.instance or Site()
        for name, value in serializer.validated_data.items():
            setattr(instance, name, value)
        serializer.instance = services.record_save(record=instance, user=self.request.user)

    perform_create = _save
    perform_update = _save


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "site", "name"]


class DepartmentViewSet(ScopedViewSet):
    serializer_class = DepartmentSerializer
    filterset_fields = ["site"]

    scoped_queryset = Department.objects.all()


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "site", "department", "name", "leader"]


class TeamViewSet(ScopedViewSet):
    serializer_class = TeamSerializer
    filterset_fields = ["site", "department"]

    scoped_queryset = Team.objects.all()


class PositionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Position
        fields = ["id", "title", "code", "site", "job_description"]

    def validate_job_description(self, value):
        from parcours.core.richtext import clean_rich_text

        return clean_rich_text(value)


class PositionViewSet(ScopedViewSet):
    serializer_class = PositionSerializer
    filterset_fields = ["site", "code"]

    scoped_queryset = Position.objects.all()


class EmployeeCategorySerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = EmployeeCategory
        fields = ["id", "code", "label", "labels"]


class EmployeeCategoryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EmployeeCategorySerializer
    permission_classes = [ScopedPermission]
    queryset = EmployeeCategory.objects.order_by("ordering", "code")


class EmployeeSerializer(serializers.ModelSerializer):
    legal_entity = serializers.PrimaryKeyRelatedField(read_only=True)
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=EmployeeCategory.objects.all()
    )
    manager_number = serializers.SerializerMethodField()

    class Meta:
        model = Employee
        fields = [
            "id",
            "legal_entity",
            "site",
            "employee_number",
            "first_name",
            "last_name",
            "birth_date",
            "hire_date",
            "leaving_date",
            "category",
            "position",
            "team",
            "manager",
            "manager_number",
            "contract_type",
            "working_time_unit",
            "working_time_value",
            "preferred_language",
            "email",
            "phone",
            "active",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_manager_number(self, employee) -> str | None:
        return employee.manager.employee_number if employee.manager_id else None


class EmployeeFilterSet(filters.FilterSet):
    q = filters.CharFilter(field_name="last_name", lookup_expr="icontains")

    class Meta:
        model = Employee
        fields = ["site", "team", "category", "active", "manager", "employee_number"]


class EmployeeViewSet(ScopedViewSet):
    """Employees in the caller's scope. HR of a site may create and change its employees."""

    serializer_class = EmployeeSerializer
    filterset_class = EmployeeFilterSet

    scoped_queryset = Employee.objects.select_related("manager", "category")

    def _save(self, serializer, **extra):
        data = dict(serializer.validated_data)
        site = data.get("site") or getattr(serializer.instance, "site", None)
        self._check_target_site(getattr(site, "pk", None))
        data["legal_entity"] = site.legal_entity
        try:
            if serializer.instance is None:
                serializer.instance = services.employee_create(user=self.request.user, **data)
            else:
                serializer.instance = services.employee_update(
                    employee=serializer.instance, user=self.request.user, **data
                )
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                getattr(error, "message_dict", {"non_field_errors": error.messages})
            ) from error

    perform_create = _save
    perform_update = _save


class LeaveSerializer(serializers.ModelSerializer):
    class Meta:
        model = Leave
        fields = ["id", "employee", "kind", "first_day", "last_day", "return_date", "note"]

    def validate_employee(self, employee):
        request = self.context["request"]
        if not Employee.objects.for_user(request.user).filter(pk=employee.pk).exists():
            raise serializers.ValidationError(_("Unknown employee."))
        return employee


class LeaveViewSet(ScopedViewSet):
    serializer_class = LeaveSerializer
    filterset_fields = ["employee", "kind"]

    scoped_queryset = Leave.objects.all()

    def _save(self, serializer, **extra):
        employee = serializer.validated_data.get("employee") or serializer.instance.employee
        self._check_target_site(employee.site_id)
        instance = serializer.instance or Leave()
        for name, value in serializer.validated_data.items():
            setattr(instance, name, value)
        try:
            serializer.instance = services.leave_save(leave=instance, user=self.request.user)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error

    perform_create = _save
    perform_update = _save
