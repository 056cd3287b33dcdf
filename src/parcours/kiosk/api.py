"""REST API of shop-floor access.

- `kiosk/devices`: HR of a site lists, registers (the token is in the answer, once),
  renames and revokes the kiosk tablets of their sites; auditors read.
- `kiosk/access`: HR and managers read the sign-in status of the people whose access they
  manage (within their scope) and unlock a locked one.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from parcours.core.scope import scope_for
from parcours.kiosk import services
from parcours.kiosk.models import KioskDevice
from parcours.kiosk.paper import managed
from parcours.organisation.models import Employee, Site


def _validation(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(
        getattr(error, "message_dict", None) or {"non_field_errors": error.messages}
    )


class RolePermission(permissions.BasePermission):
    """Signed in with a role or a linked employee (else 404, like the pages)."""

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        if not scope_for(request.user).has_any_role:
            raise NotFound
        return True


class DeviceSerializer(serializers.ModelSerializer):
    site = serializers.PrimaryKeyRelatedField(queryset=Site.objects.all())
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = KioskDevice
        fields = [
            "id",
            "site",
            "name",
            "idle_seconds",
            "created_at",
            "last_seen_at",
            "revoked_at",
            "is_active",
        ]
        read_only_fields = ["created_at", "last_seen_at", "revoked_at"]


class DeviceCreatedSerializer(DeviceSerializer):
    token = serializers.CharField(read_only=True, help_text="Shown once; never stored.")

    class Meta(DeviceSerializer.Meta):
        fields = [*DeviceSerializer.Meta.fields, "token"]


class DeviceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = DeviceSerializer
    permission_classes = [RolePermission]
    http_method_names = ["get", "post", "patch", "head", "options"]

    queryset = KioskDevice.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return KioskDevice.objects.none()
        scope = scope_for(self.request.user)
        if not (scope.is_hr or scope.is_auditor):
            raise PermissionDenied
        return KioskDevice.objects.for_user(self.request.user).select_related("site")

    @extend_schema(responses={201: DeviceCreatedSerializer})
    def create(self, request, *args, **kwargs):
        self.get_queryset()
        serializer = DeviceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        site = serializer.validated_data["site"]
        if not scope_for(request.user).can_edit_site(site.pk):
            raise PermissionDenied
        try:
            device, token = services.device_register(
                site=site,
                name=serializer.validated_data["name"],
                idle_seconds=serializer.validated_data.get("idle_seconds", 60),
                user=request.user,
            )
        except DjangoValidationError as error:
            raise _validation(error) from error
        device.token = token
        return Response(DeviceCreatedSerializer(device).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        device = self.get_object()
        if not scope_for(request.user).can_edit_site(device.site_id):
            raise PermissionDenied
        serializer = DeviceSerializer(device, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            device = services.device_update(
                device=device,
                name=serializer.validated_data.get("name", device.name),
                idle_seconds=serializer.validated_data.get("idle_seconds", device.idle_seconds),
                user=request.user,
            )
        except DjangoValidationError as error:
            raise _validation(error) from error
        return Response(DeviceSerializer(device).data)

    @extend_schema(request=None, responses={200: DeviceSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        device = self.get_object()
        try:
            device = services.device_revoke(device=device, user=request.user)
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        return Response(DeviceSerializer(device).data)


class AccessSerializer(serializers.ModelSerializer):
    has_pin = serializers.SerializerMethodField()
    locked_at = serializers.SerializerMethodField()
    failed_attempts = serializers.SerializerMethodField()
    has_code = serializers.SerializerMethodField()
    badge_number = serializers.SerializerMethodField()
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Employee
        fields = [
            "id",
            "employee_number",
            "full_name",
            "site",
            "team",
            "badge_number",
            "has_pin",
            "has_code",
            "failed_attempts",
            "locked_at",
        ]

    def _access(self, obj):
        return getattr(obj, "kiosk_access", None) if hasattr(obj, "kiosk_access") else None

    def get_has_pin(self, obj) -> bool:
        access = self._access(obj)
        return bool(access and access.has_pin)

    def get_has_code(self, obj) -> bool:
        access = self._access(obj)
        return bool(access and access.has_code)

    def get_failed_attempts(self, obj) -> int:
        access = self._access(obj)
        return access.failed_attempts if access else 0

    def get_locked_at(self, obj) -> str | None:
        access = self._access(obj)
        return access.locked_at.isoformat() if access and access.locked_at else None

    def get_badge_number(self, obj) -> str:
        access = self._access(obj)
        return access.badge_number if access else ""


class AccessViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AccessSerializer
    queryset = Employee.objects.none()
    permission_classes = [RolePermission]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Employee.objects.none()
        user = self.request.user
        people = Employee.objects.for_user(user).filter(active=True)
        return (
            managed(user, people)
            .select_related("kiosk_access")
            .order_by("last_name", "first_name", "pk")
        )

    def get_object(self):
        visible = Employee.objects.for_user(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if visible is None:
            raise NotFound
        employee = self.get_queryset().filter(pk=visible.pk).first()
        if employee is None:
            raise PermissionDenied
        return employee

    @extend_schema(
        request=None,
        responses={
            200: AccessSerializer,
            400: inline_serializer("UnlockRefused", {"detail": serializers.CharField()}),
        },
    )
    @action(detail=True, methods=["post"])
    def unlock(self, request, pk=None):
        employee = self.get_object()
        try:
            services.unlock(employee=employee, user=request.user)
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        except DjangoValidationError as error:
            raise _validation(error) from error
        employee = self.get_queryset().get(pk=employee.pk)
        return Response(AccessSerializer(employee).data)


def register(router) -> None:
    """Add the kiosk endpoints to the project's router."""
    router.register("kiosk/devices", DeviceViewSet, basename="kiosk-device")
    router.register("kiosk/access", AccessViewSet, basename="kiosk-access")
