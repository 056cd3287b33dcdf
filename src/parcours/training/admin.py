"""The admin shows trainings for support; people change them in the training pages, which
go through the services (workflow, skills, legal records, audit trail). Requests and
proposals are read-only here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from parcours.training.models import (
    SkillProposal,
    Training,
    TrainingBudget,
    TrainingRequest,
    TrainingSession,
    TrainingSkill,
)


class TrainingSkillInline(admin.TabularInline):
    model = TrainingSkill
    extra = 0
    raw_id_fields = ["skill"]


@admin.register(Training)
class TrainingAdmin(SimpleHistoryAdmin):
    list_display = ["code", "label", "kind", "duration_hours", "cost_per_person", "site", "active"]
    list_filter = ["kind", "mandatory", "active", "site"]
    search_fields = ["code", "labels"]
    inlines = [TrainingSkillInline]


@admin.register(TrainingSession)
class TrainingSessionAdmin(SimpleHistoryAdmin):
    list_display = ["training", "site", "starts_on", "ends_on", "place", "capacity"]
    list_filter = ["site"]
    list_select_related = ["training", "site"]


@admin.register(TrainingBudget)
class TrainingBudgetAdmin(SimpleHistoryAdmin):
    list_display = ["site", "year", "amount"]
    list_filter = ["year"]


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrainingRequest)
class TrainingRequestAdmin(ReadOnlyAdmin):
    list_display = ["employee", "display_title", "status", "origin", "created_at", "decided_at"]
    list_filter = ["status", "origin", "site"]
    list_select_related = ["employee", "training"]
    search_fields = ["employee__last_name", "employee__employee_number", "title"]


@admin.register(SkillProposal)
class SkillProposalAdmin(ReadOnlyAdmin):
    list_display = ["employee", "skill", "level", "status", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["employee", "skill"]
