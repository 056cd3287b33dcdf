"""The admin shows objectives for support; people change them in the objectives pages and
the interview blocks, which go through the services (rights, states, audit trail).
Objectives, check-ins and evaluations are read-only here: objectives are dropped with a
reason, never deleted."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from parcours.objectives.models import CheckIn, Evaluation, EvaluationScale, Objective, ScaleLevel


class ScaleLevelInline(admin.TabularInline):
    model = ScaleLevel
    extra = 0


@admin.register(EvaluationScale)
class EvaluationScaleAdmin(SimpleHistoryAdmin):
    list_display = ["code", "label", "is_default"]
    inlines = [ScaleLevelInline]


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Objective)
class ObjectiveAdmin(ReadOnlyAdmin):
    list_display = ["title", "level", "owner", "team", "department", "period_start", "status"]
    list_filter = ["level", "status", "site"]
    search_fields = ["title", "owner__last_name", "owner__employee_number"]
    list_select_related = ["owner", "team", "department"]


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdmin):
    list_display = ["objective", "day", "value", "by"]
    list_select_related = ["objective", "by"]


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ["objective", "role", "level", "value", "decision", "evaluated_on"]
    list_select_related = ["objective", "level"]
