from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from parcours.organisation.models import (
    Department,
    Employee,
    EmployeeAssignment,
    EmployeeCategory,
    Leave,
    LegalEntity,
    Position,
    RoleAssignment,
    Site,
    Team,
)


@admin.register(LegalEntity)
class LegalEntityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "country", "headcount_override"]


@admin.register(Site)
class SiteAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "legal_entity", "default_language"]
    list_filter = ["legal_entity"]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "site"]
    list_filter = ["site"]


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "site", "department", "leader"]
    list_filter = ["site"]
    raw_id_fields = ["leader"]


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "code", "site"]
    search_fields = ["title", "code"]


@admin.register(EmployeeCategory)
class EmployeeCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["code", "label", "ordering"]


class LeaveInline(admin.TabularInline):
    model = Leave
    extra = 0


@admin.register(Employee)
class EmployeeAdmin(SimpleHistoryAdmin):
    list_display = ["employee_number", "last_name", "first_name", "site", "team", "active"]
    list_filter = ["site", "category", "active", "contract_type"]
    search_fields = ["employee_number", "last_name", "first_name"]
    raw_id_fields = ["manager", "user", "team", "position"]
    list_select_related = ["site", "team"]
    inlines = [LeaveInline]


@admin.register(EmployeeAssignment)
class EmployeeAssignmentAdmin(admin.ModelAdmin):
    list_display = ["employee", "valid_from", "valid_to", "position", "team", "manager"]
    raw_id_fields = ["employee", "manager", "team", "position"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "site"]
    list_filter = ["role", "site"]
