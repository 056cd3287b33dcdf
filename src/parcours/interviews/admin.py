from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from parcours.interviews.models import (
    Campaign,
    CampaignTemplate,
    Interview,
    InterviewerOverride,
    InterviewKind,
    InterviewReport,
    InterviewTemplate,
    Notification,
    TemplateVersion,
)


@admin.register(InterviewKind)
class InterviewKindAdmin(SimpleHistoryAdmin):
    list_display = ["code", "label", "ordering"]


class VersionInline(admin.TabularInline):
    model = TemplateVersion
    extra = 0
    fields = ["number", "status", "published_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(InterviewTemplate)
class InterviewTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["label", "kind"]
    list_filter = ["kind"]
    inlines = [VersionInline]


class CampaignTemplateInline(admin.TabularInline):
    model = CampaignTemplate
    extra = 0


class OverrideInline(admin.TabularInline):
    model = InterviewerOverride
    extra = 0
    raw_id_fields = ["team", "employee", "interviewer"]


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "opens_on", "deadline", "status"]
    list_filter = ["status", "kind"]
    inlines = [CampaignTemplateInline, OverrideInline]


@admin.register(Interview)
class InterviewAdmin(SimpleHistoryAdmin):
    """Read only: interviews change through their lifecycle, in the pages or the API."""

    list_display = ["employee", "campaign", "interviewer", "status", "scheduled_at"]
    list_filter = ["status", "campaign"]
    list_select_related = ["employee", "campaign__kind", "interviewer"]
    search_fields = ["employee__last_name", "employee__employee_number"]
    raw_id_fields = ["employee", "interviewer"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InterviewReport)
class InterviewReportAdmin(admin.ModelAdmin):
    list_display = ["interview", "sha256", "created_at", "voided_at"]
    readonly_fields = ["interview", "file", "sha256", "language", "created_at", "voided_at"]
    exclude = ["content"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "kind", "emailed", "created_at", "read_at"]
    list_filter = ["kind", "emailed"]
    raw_id_fields = ["recipient", "interview"]
