"""The admin shows the compliance records for support; HR changes them in the pages, which
go through the services (rights, validation, audit trail)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from parcours.compliance.models import (
    EntitySettings,
    HistoricInterview,
    InterviewPolicy,
    KindMapping,
    ReturnInterview,
    TrainingRecord,
)


@admin.register(EntitySettings)
class EntitySettingsAdmin(SimpleHistoryAdmin):
    list_display = ["legal_entity", "return_deadline_days", "due_soon_days", "agreement_years"]


@admin.register(InterviewPolicy)
class InterviewPolicyAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "first_due_months", "period_months", "start", "end"]
    filter_horizontal = ["legal_entities", "sites", "categories"]


@admin.register(KindMapping)
class KindMappingAdmin(SimpleHistoryAdmin):
    list_display = ["interview_kind", "engine_kind", "topics"]


@admin.register(HistoricInterview)
class HistoricInterviewAdmin(SimpleHistoryAdmin):
    list_display = ["employee", "date", "kind", "declined", "source"]
    list_filter = ["kind", "source"]
    raw_id_fields = ["employee"]
    search_fields = ["employee__last_name", "employee__employee_number"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(SimpleHistoryAdmin):
    list_display = ["employee", "date", "title", "mandatory", "source"]
    list_filter = ["mandatory", "source"]
    raw_id_fields = ["employee"]
    search_fields = ["employee__last_name", "employee__employee_number", "title"]


@admin.register(ReturnInterview)
class ReturnInterviewAdmin(admin.ModelAdmin):
    list_display = ["leave", "return_date", "due", "interview"]
    raw_id_fields = ["leave", "interview"]
