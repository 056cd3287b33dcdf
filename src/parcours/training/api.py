"""REST API of trainings, scoped like the pages.

Reading: anyone with a role, within their scope (an account without any role gets 404):
the catalogue of their sites and the group, the requests of the people they see, the
sessions of their sites. Writing: the catalogue and sessions by HR and training
coordinators of the site (group HR for group-wide trainings); a request by the employee
themself, their manager, HR or a coordinator; each step of a request is an action
(`approve`, `refuse`, `plan`, `done`, `undo`, `cancel`) through the same services as the
pages. Nothing is deleted: a training is set inactive, a request cancelled.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from parcours.core.labels import clean_labels
from parcours.core.scope import scope_for
from parcours.objectives.models import Objective
from parcours.organisation.models import Employee, Site
from parcours.skills.models import Skill
from parcours.training import selectors, services
from parcours.training.choices import Attendance, RequestOrigin, Result
from parcours.training.models import (
    Training,
    TrainingRequest,
    TrainingSession,
    TrainingSkill,
)


def _validation(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(
        getattr(error, "message_dict", None) or {"non_field_errors": error.messages}
    )


class TrainingPermission(permissions.BasePermission):
    """A role or a linked employee to read; writing needs the view's `write_perm`."""

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        if not scope_for(request.user).has_any_role:
            raise NotFound
        write_perm = getattr(view, "write_perm", None)
        if request.method in permissions.SAFE_METHODS or write_perm is None:
            return True
        return request.user.has_perm(write_perm)


# Catalogue ------------------------------------------------------------------------------


class TrainingSkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrainingSkill
        fields = ["skill", "level"]
        extra_kwargs = {"skill": {"queryset": Skill.objects.all()}}


class LabelsField(serializers.JSONField):
    def to_internal_value(self, data):
        labels = clean_labels(super().to_internal_value(data))
        if not isinstance(data, dict) or not labels:
            raise serializers.ValidationError(_('Give a title in at least one language: {"fr": …}'))
        return labels


class TrainingSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    labels = LabelsField()
    skills = TrainingSkillSerializer(many=True, source="skill_targets", required=False)

    class Meta:
        model = Training
        fields = [
            "id",
            "code",
            "label",
            "labels",
            "description",
            "kind",
            "duration_hours",
            "cost_per_person",
            "provider",
            "certification_type",
            "mandatory",
            "site",
            "active",
            "skills",
        ]


class TrainingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The training catalogue: group-wide trainings and those of the caller's sites, with
    the skills and levels each develops. Set `active` to false to stop offering one."""

    serializer_class = TrainingSerializer
    permission_classes = [TrainingPermission]
    write_perm = "training.change_catalogue"
    filterset_fields = ["site", "kind", "mandatory", "active", "certification_type"]

    def get_queryset(self):
        return (
            selectors.catalogue_for(self.request.user)
            .prefetch_related("skill_targets")
            .order_by("code")
        )

    def _save(self, serializer):
        data = dict(serializer.validated_data)
        targets = data.pop("skill_targets", None)
        training = serializer.instance or Training()
        if serializer.instance is not None and not self.request.user.has_perm(
            "training.change_catalogue", serializer.instance
        ):
            raise PermissionDenied(_("You may not change this training."))
        for name, value in data.items():
            setattr(training, name, value)
        if not self.request.user.has_perm("training.change_catalogue", training):
            raise PermissionDenied(_("You may not change the catalogue of this site."))
        skills = None
        if targets is not None:
            visible = Skill.objects.for_user(self.request.user)
            skills = []
            for target in targets:
                if not visible.filter(pk=target["skill"].pk).exists():
                    raise serializers.ValidationError({"skills": _("Unknown skill.")})
                skills.append((target["skill"], target["level"]))
        try:
            serializer.instance = services.training_save(
                training=training, user=self.request.user, skills=skills
            )
        except DjangoValidationError as error:
            raise _validation(error) from error

    perform_create = _save
    perform_update = _save


# Sessions -------------------------------------------------------------------------------


class SessionSerializer(serializers.ModelSerializer):
    taken = serializers.IntegerField(read_only=True, help_text="People planned or done.")

    class Meta:
        model = TrainingSession
        fields = [
            "id",
            "training",
            "site",
            "starts_on",
            "ends_on",
            "place",
            "capacity",
            "trainer",
            "taken",
        ]

    def validate(self, attrs):
        user = self.context["request"].user
        site = attrs.get("site") or getattr(self.instance, "site", None)
        training = attrs.get("training") or getattr(self.instance, "training", None)
        if site is not None and not Site.objects.for_user(user).filter(pk=site.pk).exists():
            raise serializers.ValidationError({"site": _("Unknown site.")})
        if (
            training is not None
            and not Training.objects.for_user(user).filter(pk=training.pk).exists()
        ):
            raise serializers.ValidationError({"training": _("Unknown training.")})
        return attrs


class SessionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Sessions of trainings at the caller's sites, with how many places are taken. HR
    and training coordinators of the site plan them."""

    serializer_class = SessionSerializer
    permission_classes = [TrainingPermission]
    write_perm = "training.change_sessions"
    filterset_fields = ["training", "site"]

    def get_queryset(self):
        return selectors.sessions_for(self.request.user).order_by("starts_on", "pk")

    def _save(self, serializer):
        session = serializer.instance or TrainingSession()
        for name, value in serializer.validated_data.items():
            setattr(session, name, value)
        if not self.request.user.has_perm("training.change_sessions", session):
            raise PermissionDenied(_("You may not plan sessions at this site."))
        try:
            services.session_save(session=session, user=self.request.user)
        except DjangoValidationError as error:
            raise _validation(error) from error
        serializer.instance = selectors.sessions_for(self.request.user).get(pk=session.pk)

    perform_create = _save
    perform_update = _save


# Requests -------------------------------------------------------------------------------


class RequestSerializer(serializers.ModelSerializer):
    training_title = serializers.CharField(source="display_title", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    decision_delay_days = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text="Days from the interview held (or the request) to the decision.",
    )
    employee = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.all())
    objective = serializers.PrimaryKeyRelatedField(
        queryset=Objective.objects.all(),
        required=False,
        allow_null=True,
        help_text="An open objective of the same employee that this training serves.",
    )
    objective_title = serializers.CharField(
        source="objective.title", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = TrainingRequest
        fields = [
            "id",
            "employee",
            "site",
            "training",
            "title",
            "training_title",
            "reason",
            "skill",
            "objective",
            "objective_title",
            "priority",
            "wished_period",
            "origin",
            "interview",
            "created_at",
            "status",
            "status_label",
            "cost",
            "decided_at",
            "decision_delay_days",
            "refusal_reason",
            "session",
            "done_on",
            "attendance",
            "result",
            "cancel_reason",
            "version",
        ]
        read_only_fields = [
            "site",
            "origin",
            "interview",
            "created_at",
            "status",
            "cost",
            "decided_at",
            "refusal_reason",
            "session",
            "done_on",
            "attendance",
            "result",
            "cancel_reason",
            "version",
        ]

    def validate(self, attrs):
        user = self.context["request"].user
        employee = attrs["employee"]
        if not Employee.objects.for_user(user).filter(pk=employee.pk).exists():
            raise serializers.ValidationError({"employee": _("Unknown employee.")})
        objective = attrs.get("objective")
        if objective is not None and objective.owner_id != employee.pk:
            raise serializers.ValidationError(
                {"objective": _("This objective is not one of this employee's objectives.")}
            )
        return attrs


VERSION = serializers.IntegerField(
    required=False, help_text="The request's `version` as read; a change since is refused."
)
REASON = serializers.CharField(max_length=300)


def _action_body(name: str, fields: dict):
    return inline_serializer(name, {"version": VERSION, **fields})


class RequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Training requests of the people the caller sees (`?status=&site=&employee=&origin=
    &training=`). POST asks a training for an employee (oneself, a person below, or of
    one's sites as HR or coordinator). Each step is an action on the request; the time
    from the interview (or the request) to the decision is `decision_delay_days`."""

    serializer_class = RequestSerializer
    permission_classes = [TrainingPermission]
    filterset_fields = ["status", "site", "employee", "origin", "training", "session"]

    def get_queryset(self):
        return selectors.requests_for(self.request.user).order_by("-created_at", "-pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        employee = data["employee"]
        user = self.request.user
        if not user.has_perm("training.ask_for", employee):
            raise PermissionDenied(_("You may not ask a training for this person."))
        scope = scope_for(user)
        if scope.employee_id == employee.pk:
            origin = RequestOrigin.SELF_SERVICE
        elif services.can_decide_for_site(user, employee.site_id):
            origin = RequestOrigin.HR
        else:
            origin = RequestOrigin.MANAGER
        try:
            serializer.instance = services.request_create(
                employee=employee,
                user=user,
                origin=origin,
                training=data.get("training"),
                title=data.get("title", ""),
                reason=data.get("reason", ""),
                skill=data.get("skill"),
                objective=data.get("objective"),
                priority=data.get("priority", "normal"),
                wished_period=data.get("wished_period", ""),
            )
        except DjangoValidationError as error:
            raise _validation(error) from error

    def _step(self, request, func, **kwargs):
        item = self.get_object()
        try:
            item = func(
                request=item, user=request.user, version=request.data.get("version"), **kwargs
            )
        except DjangoValidationError as error:
            raise _validation(error) from error
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error) or None) from error
        return Response(RequestSerializer(item, context={"request": request}).data)

    @extend_schema(
        request=_action_body(
            "TrainingApprove", {"cost": serializers.DecimalField(9, 2, required=False)}
        ),
        responses=RequestSerializer,
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve (training coordinator or HR of the site); `cost` overrides the estimate."""
        cost = request.data.get("cost")
        field = serializers.DecimalField(9, 2, min_value=0, allow_null=True)
        cost = field.run_validation(cost) if cost not in (None, "") else None
        return self._step(request, services.request_approve, cost=cost)

    @extend_schema(
        request=_action_body("TrainingRefuse", {"reason": REASON}), responses=RequestSerializer
    )
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        """Refuse with a reason the employee reads."""
        return self._step(request, services.request_refuse, reason=request.data.get("reason", ""))

    @extend_schema(
        request=_action_body("TrainingPlan", {"session": serializers.IntegerField()}),
        responses=RequestSerializer,
    )
    @action(detail=True, methods=["post"])
    def plan(self, request, pk=None):
        """Plan an approved request in a session (or move it to another)."""
        value = str(request.data.get("session", ""))
        session = (
            TrainingSession.objects.for_user(request.user).filter(pk=value).first()
            if value.isdigit()
            else None
        )
        if session is None:
            raise serializers.ValidationError({"session": _("Unknown session.")})
        return self._step(request, services.request_plan, session=session)

    @extend_schema(
        request=_action_body(
            "TrainingDone",
            {
                "done_on": serializers.DateField(required=False),
                "attendance": serializers.ChoiceField(Attendance.choices, required=False),
                "result": serializers.ChoiceField(Result.choices, required=False),
            },
        ),
        responses=RequestSerializer,
    )
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        """Mark a planned request done: the legal record, the skill levels to confirm and
        a renewed certificate follow."""
        done_on = request.data.get("done_on")
        done_on = serializers.DateField().run_validation(done_on) if done_on else None
        return self._step(
            request,
            services.request_done,
            done_on=done_on,
            attendance=request.data.get("attendance", Attendance.ATTENDED),
            result=request.data.get("result", Result.NOT_ASSESSED),
        )

    @extend_schema(
        request=_action_body("TrainingUndo", {"reason": REASON}), responses=RequestSerializer
    )
    @action(detail=True, methods=["post"])
    def undo(self, request, pk=None):
        """A request marked done by mistake goes back to planned."""
        return self._step(request, services.request_undo, reason=request.data.get("reason", ""))

    @extend_schema(
        request=_action_body("TrainingCancel", {"reason": REASON}), responses=RequestSerializer
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel (coordinator, HR) or withdraw (the employee or manager, while waiting)."""
        return self._step(request, services.request_cancel, reason=request.data.get("reason", ""))


def register(router) -> None:
    """Add the training endpoints to the project's router."""
    router.register("training/trainings", TrainingViewSet, basename="training")
    router.register("training/sessions", SessionViewSet, basename="training-session")
    router.register("training/requests", RequestViewSet, basename="training-request")
