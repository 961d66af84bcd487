"""What the API shows of each object, and the shape of what it accepts.

Read serializers only read attributes the views fetched up front (no query per item); write
serializers check the shape, the services check the content (Dutch messages, the same rules
as the pages).
"""

from rest_framework import serializers

from incidents.models import (
    BLOCKS,
    Action,
    AffectedOrganisation,
    Classification,
    Decision,
    Incident,
    LogEntry,
)
from incidents.tlp import TLP
from sitreps.models import Sitrep


def person(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


class ClassificationSerializer(serializers.ModelSerializer):
    """The current NCP-D classification; `id` is the base version a change names."""

    created_by = serializers.SerializerMethodField()
    labels = serializers.SerializerMethodField()

    class Meta:
        model = Classification
        fields = [
            "id",
            *BLOCKS,
            "labels",
            "assumed_blocks",
            "changed_blocks",
            "is_confirmation",
            "reason",
            "created_at",
            "created_by",
        ]

    def get_created_by(self, obj) -> str | None:
        return person(obj.created_by)

    def get_labels(self, obj) -> dict[str, str]:
        return {block: str(obj.value_label(block)) for block in BLOCKS}


class IncidentSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    grip = serializers.CharField(source="grip_label", read_only=True)
    classification = serializers.SerializerMethodField()

    class Meta:
        model = Incident
        fields = [
            "id",
            "reference",
            "title",
            "description",
            "status",
            "status_label",
            "tlp",
            "is_exercise",
            "region_role",
            "municipalities",
            "grip",
            "grip_since",
            "reported_at",
            "started_at",
            "last_activity_at",
            "version",
            "classification",
        ]

    def get_classification(self, obj) -> ClassificationSerializer(allow_null=True):  # type: ignore[valid-type]
        current = getattr(obj, "current_classification", None)
        return ClassificationSerializer(current).data if current is not None else None


class LogEntrySerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    corrected_by = serializers.SerializerMethodField()

    class Meta:
        model = LogEntry
        fields = [
            "id",
            "occurred_at",
            "created_at",
            "category",
            "text",
            "source",
            "tlp",
            "author",
            "corrects",
            "corrected_by",
        ]

    def get_author(self, obj) -> str | None:
        return person(obj.author)

    def get_corrected_by(self, obj) -> int | None:
        try:
            return obj.corrected_by.pk
        except LogEntry.DoesNotExist:
            return None


class LogEntryWriteSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=LogEntry.Category.choices)
    text = serializers.CharField(trim_whitespace=False)
    source = serializers.CharField(required=False, allow_blank=True, default="")
    tlp = serializers.ChoiceField(choices=TLP.choices, required=False)
    occurred_at = serializers.DateTimeField(required=False)
    corrects = serializers.IntegerField(
        required=False, help_text="The id of the entry this one corrects."
    )


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = [
            "id",
            "text",
            "rationale",
            "team",
            "meeting_at",
            "decided_by",
            "evaluation",
            "reevaluate_at",
            "tlp",
            "log_entry",
            "created_at",
        ]


class ActionSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner_display", read_only=True)
    owner_username = serializers.SerializerMethodField()
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "description",
            "owner",
            "owner_username",
            "owner_organisation",
            "due_at",
            "status",
            "is_overdue",
            "decision",
            "log_entry",
            "created_at",
        ]

    def get_owner_username(self, obj) -> str | None:
        return obj.owner_user.get_username() if obj.owner_user_id else None


class ActionWriteSerializer(serializers.Serializer):
    description = serializers.CharField(trim_whitespace=False)
    owner_username = serializers.CharField(
        required=False, help_text="A member of the incident who may write."
    )
    owner_organisation = serializers.CharField(required=False, allow_blank=True, default="")
    due_at = serializers.DateTimeField(required=False, allow_null=True)
    decision = serializers.IntegerField(required=False)
    log_entry = serializers.IntegerField(required=False)


class ActionStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Action.Status.choices)


class ClassificationChangeSerializer(serializers.Serializer):
    base_version = serializers.IntegerField(
        help_text="The `id` of the classification the change is based on "
        "(incident.classification.id); 409 when someone changed it since."
    )
    reason = serializers.CharField()
    changes = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        default=dict,
        help_text=f"Block -> new value code; blocks: {', '.join(BLOCKS)}.",
    )
    assumed_blocks = serializers.ListField(
        child=serializers.ChoiceField(choices=list(BLOCKS)), required=False, default=list
    )
    confirm = serializers.BooleanField(
        required=False, default=False, help_text="Record an unchanged classification."
    )


class StaleClassificationSerializer(serializers.Serializer):
    detail = serializers.CharField()
    changes = serializers.ListField(child=serializers.CharField())
    current = ClassificationSerializer()


class AffectedOrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = AffectedOrganisation
        fields = ["id", "name", "sector", "is_vital", "is_government"]


class SitrepSerializer(serializers.ModelSerializer):
    requested_by = serializers.SerializerMethodField()
    approved_by = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Sitrep
        fields = [
            "id",
            "number",
            "audience_tlp",
            "max_tlp",
            "state",
            "created_at",
            "finished_at",
            "snapshot_at",
            "requested_by",
            "approval",
            "approved_at",
            "approved_by",
            "pdf_url",
        ]

    def get_requested_by(self, obj) -> str | None:
        return person(obj.requested_by)

    def get_approved_by(self, obj) -> str | None:
        return person(obj.approved_by)

    def get_pdf_url(self, obj) -> str | None:
        from django.http import Http404

        from sitreps.access import sitrep_pdf_for_user

        request = self.context.get("request")
        try:
            sitrep_pdf_for_user(request.user, obj.incident, obj) if request else None
        except Http404:
            return None
        if obj.state != Sitrep.State.DONE or not obj.pdf:
            return None
        from django.urls import reverse

        url = reverse("api:sitrep-pdf", kwargs={"pk": obj.incident_id, "sitrep_pk": obj.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


def member_for_username(incident, username: str):
    return incident.members.filter(username=username).first()
