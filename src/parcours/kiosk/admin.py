from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from parcours.kiosk.models import EmployeeAccess, KioskDevice, QRLink, SignInEvent


@admin.register(KioskDevice)
class KioskDeviceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "site", "idle_seconds", "last_seen_at", "revoked_at"]
    list_filter = ["site"]
    readonly_fields = ["created_by", "created_at", "revoked_by", "revoked_at", "last_seen_at"]


@admin.register(EmployeeAccess)
class EmployeeAccessAdmin(SimpleHistoryAdmin):
    list_display = ["employee", "badge_number", "pin_set_at", "failed_attempts", "locked_at"]
    search_fields = ["employee__last_name", "employee__employee_number", "badge_number"]
    readonly_fields = [
        "employee",
        "pin_set_at",
        "code_expires_at",
        "code_issued_by",
        "failed_attempts",
        "locked_at",
        "unlocked_at",
        "unlocked_by",
    ]


@admin.register(QRLink)
class QRLinkAdmin(SimpleHistoryAdmin):
    list_display = ["employee", "created_at", "expires_at", "revoked_at"]
    readonly_fields = ["employee", "created_at", "created_by", "expires_at", "revoked_by"]


@admin.register(SignInEvent)
class SignInEventAdmin(admin.ModelAdmin):
    list_display = ["at", "employee", "number", "channel", "device", "success", "reason", "ip"]
    list_filter = ["channel", "success", "reason"]
    search_fields = ["number", "employee__last_name"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
