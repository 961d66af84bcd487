"""API views: access -> serializer -> service, like the pages (incidents/views.py).

Every incident route checks `incidents.access.get_incident_for_user` in `initial()` (after
authentication, before the method is looked at): a non-member gets 404 on every method, a
read-only member 403 on every write. Every item is filtered on
`incidents.access.reader_clearance`. Writes run inside `incidents.services.audit_via`, so the
audit trail says "API" and the token's name.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError as DrfValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from incidents import access, selectors, services
from incidents.models import (
    Action,
    AffectedOrganisation,
    ApiToken,
    Classification,
    Decision,
    Incident,
    LogEntry,
)
from incidents.selectors import incident_list as select_incidents
from incidents.tlp import tlps_visible_at
from sitreps.access import sitrep_pdf_for_user
from sitreps.models import Sitrep

from . import serializers as s


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class LogPagination(CursorPagination):
    """The logbook grows fastest and gains rows while one reads it: a cursor (keyset) keeps
    pages stable and costs the same on page 1 and page 100."""

    ordering = ("-occurred_at", "-pk")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def via_label(request) -> str:
    # Stored as is (not translated): the audit trail keeps what happened, in one language.
    if isinstance(request.auth, ApiToken):
        return f"API (token: {request.auth.name})"
    return "API (sessie)"


def validation_error(exc: ValidationError) -> DrfValidationError:
    """A service's ValidationError (Dutch messages) as a 400 with the same field keys."""
    if hasattr(exc, "error_dict"):
        return DrfValidationError(
            {k: [m for e in v for m in e.messages] for k, v in exc.error_dict.items()}
        )
    return DrfValidationError({"non_field_errors": exc.messages})


class ApiView(generics.GenericAPIView):
    pagination_class = ApiPagination

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # TLP content: never in a browser or proxy cache (the middleware only sees a session).
        patch_cache_control(response, no_store=True, private=True)
        return response

    def audit_via(self):
        return services.audit_via(via_label(self.request))


class IncidentScopedView(ApiView):
    """A route under /api/v1/incidents/<pk>/: access is checked before anything else."""

    incident: Incident
    clearance: str

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.incident = access.get_incident_for_user(
            request.user, kwargs["pk"], write=request.method not in SAFE_METHODS
        )
        self.clearance = access.reader_clearance(request.user, self.incident)

    def visible_tlps(self) -> list[str]:
        return tlps_visible_at(self.clearance)

    def fake(self) -> bool:
        return getattr(self, "swagger_fake_view", False)


def _with_current_classification(incidents) -> list[Incident]:
    """One query for the current classification of every incident on the page."""
    incidents = list(incidents)
    ids = [i.current_classification_id for i in incidents if i.current_classification_id]
    by_id = Classification.objects.select_related("created_by").in_bulk(ids)
    for incident in incidents:
        incident.current_classification = by_id.get(incident.current_classification_id)
    return incidents


def _current_classification_id():
    return Subquery(
        Classification.objects.filter(incident=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )


# --- Incidents --------------------------------------------------------------------------------


@extend_schema(
    parameters=[
        OpenApiParameter("status", str, description="A status code, or `alle`; default: open."),
        OpenApiParameter("q", str, description="Part of the title or reference."),
    ]
)
class IncidentList(ApiView, generics.ListAPIView):
    """The incidents you are a member of, newest activity first (closed ones last)."""

    serializer_class = s.IncidentSerializer
    queryset = Incident.objects.none()

    def get_queryset(self):
        params = self.request.query_params
        return select_incidents(
            self.request.user, q=params.get("q", "")[:200], status=params.get("status", "")[:20]
        ).annotate(current_classification_id=_current_classification_id())

    def list(self, request, *args, **kwargs):
        page = _with_current_classification(self.paginate_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class IncidentDetail(IncidentScopedView):
    """One incident: register, status, GRIP and the current classification."""

    serializer_class = s.IncidentSerializer
    queryset = Incident.objects.none()

    def get(self, request, pk: int):
        self.incident.current_classification = selectors.classification_current(self.incident)
        return Response(self.get_serializer(self.incident).data)


# --- Logbook ----------------------------------------------------------------------------------


@extend_schema(
    parameters=[OpenApiParameter("category", str, description="Only this category.")],
)
class LogEntryList(IncidentScopedView, generics.ListCreateAPIView):
    """The logbook, newest event first; POST adds a line (or a correction: `corrects`)."""

    serializer_class = s.LogEntrySerializer
    pagination_class = LogPagination
    queryset = LogEntry.objects.none()

    def get_queryset(self):
        if self.fake():
            return LogEntry.objects.none()
        entries = (
            self.incident.log_entries.filter(tlp__in=self.visible_tlps())
            .select_related("author", "corrected_by")
            .order_by("-occurred_at", "-pk")
        )
        category = self.request.query_params.get("category", "")
        if category:
            entries = entries.filter(category=category[:20])
        return entries

    @extend_schema(request=s.LogEntryWriteSerializer, responses={201: s.LogEntrySerializer})
    def post(self, request, pk: int):
        data = _valid(s.LogEntryWriteSerializer, request)
        corrects_id = data.pop("corrects", None)
        corrects = None
        if corrects_id is not None:
            corrects = self.incident.log_entries.filter(
                pk=corrects_id, tlp__in=self.visible_tlps()
            ).first()
            if corrects is None:
                raise DrfValidationError({"corrects": [_("Deze regel staat niet in dit logboek.")]})
        try:
            with self.audit_via():
                entry = services.log_entry_add(
                    incident=self.incident, actor=request.user, corrects=corrects, **data
                )
        except ValidationError as exc:
            raise validation_error(exc) from None
        return Response(s.LogEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


# --- Decisions --------------------------------------------------------------------------------


class DecisionList(IncidentScopedView, generics.ListAPIView):
    """The besluitenlijst, newest meeting first."""

    serializer_class = s.DecisionSerializer
    queryset = Decision.objects.none()

    def get_queryset(self):
        if self.fake():
            return Decision.objects.none()
        return self.incident.decisions.filter(tlp__in=self.visible_tlps()).order_by(
            "-meeting_at", "-pk"
        )


# --- Actions ----------------------------------------------------------------------------------


class ActionList(IncidentScopedView, generics.ListCreateAPIView):
    """The actions, open ones first by due time; POST adds one.

    An action has no TLP of its own: it is left out when the decision or log entry it came
    from is above your clearance (its text usually repeats theirs).
    """

    serializer_class = s.ActionSerializer
    queryset = Action.objects.none()

    def get_queryset(self):
        if self.fake():
            return Action.objects.none()
        return selectors.visible_actions(self.incident, visible=self.visible_tlps())

    @extend_schema(request=s.ActionWriteSerializer, responses={201: s.ActionSerializer})
    def post(self, request, pk: int):
        data = _valid(s.ActionWriteSerializer, request)
        owner_user = None
        if data.get("owner_username"):
            owner_user = s.member_for_username(self.incident, data.pop("owner_username"))
            if owner_user is None:
                raise DrfValidationError(
                    {"owner_username": [_("Deze gebruiker is geen lid van het incident.")]}
                )
        data.pop("owner_username", None)
        visible = self.visible_tlps()
        links = {
            "decision": (self.incident.decisions, data.pop("decision", None)),
            "log_entry": (self.incident.log_entries, data.pop("log_entry", None)),
        }
        for key, (rows, linked_id) in links.items():
            if linked_id is not None:
                data[key] = rows.filter(pk=linked_id, tlp__in=visible).first()
                if data[key] is None:
                    raise DrfValidationError({key: [_("Niet gevonden in dit incident.")]})
        try:
            with self.audit_via():
                action = services.action_create(
                    incident=self.incident, actor=request.user, owner_user=owner_user, **data
                )
        except ValidationError as exc:
            raise validation_error(exc) from None
        return Response(s.ActionSerializer(action).data, status=status.HTTP_201_CREATED)


class ActionStatus(IncidentScopedView):
    """Set an action's status."""

    serializer_class = s.ActionStatusSerializer

    @extend_schema(request=s.ActionStatusSerializer, responses={200: s.ActionSerializer})
    def post(self, request, pk: int, action_pk: int):
        data = _valid(s.ActionStatusSerializer, request)
        action = get_object_or_404(
            selectors.visible_actions(self.incident, visible=self.visible_tlps()).select_related(
                "incident"
            ),
            pk=action_pk,
        )
        try:
            with self.audit_via():
                services.action_set_status(action=action, actor=request.user, status=data["status"])
        except ValidationError as exc:
            raise validation_error(exc) from None
        return Response(s.ActionSerializer(action).data)


# --- Classification ---------------------------------------------------------------------------


class ClassificationView(IncidentScopedView):
    """The current NCP-D classification; POST records a change (or a confirmation).

    A change names the classification it was based on (`base_version` = its `id`): when
    someone else changed it since, the answer is 409 with what the classification is now, the
    same check the page makes.
    """

    serializer_class = s.ClassificationSerializer

    def get(self, request, pk: int):
        return Response(
            s.ClassificationSerializer(selectors.classification_current(self.incident)).data
        )

    @extend_schema(
        request=s.ClassificationChangeSerializer,
        responses={
            201: s.ClassificationSerializer,
            409: OpenApiResponse(s.StaleClassificationSerializer, description="Changed since."),
        },
    )
    def post(self, request, pk: int):
        data = _valid(s.ClassificationChangeSerializer, request)
        try:
            with self.audit_via():
                classification = services.classification_change(
                    incident=self.incident,
                    actor=request.user,
                    changes=data["changes"],
                    reason=data["reason"],
                    assumed_blocks=data["assumed_blocks"],
                    expected_classification_id=data["base_version"],
                    confirm=data["confirm"],
                )
        except services.StaleEdit as exc:
            current = selectors.classification_current(self.incident)
            return Response(
                {
                    "detail": exc.messages[0],
                    "changes": exc.changes,
                    "current": s.ClassificationSerializer(current).data,
                },
                status=status.HTTP_409_CONFLICT,
            )
        except ValidationError as exc:
            raise validation_error(exc) from None
        return Response(
            s.ClassificationSerializer(classification).data, status=status.HTTP_201_CREATED
        )


# --- Affected organisations and sitreps -------------------------------------------------------


class OrganisationList(IncidentScopedView, generics.ListAPIView):
    """The affected organisations."""

    serializer_class = s.AffectedOrganisationSerializer
    queryset = AffectedOrganisation.objects.none()

    def get_queryset(self):
        if self.fake():
            return AffectedOrganisation.objects.none()
        return self.incident.affected_organisations.order_by("name", "pk")


class SitrepList(IncidentScopedView, generics.ListAPIView):
    """The situation reports for audiences up to your clearance, newest first."""

    serializer_class = s.SitrepSerializer
    queryset = Sitrep.objects.none()

    def get_queryset(self):
        if self.fake():
            return Sitrep.objects.none()
        return (
            self.incident.sitreps.filter(audience_tlp__in=self.visible_tlps())
            .select_related("requested_by", "approved_by", "incident")
            .order_by("-number")
        )


class SitrepPdf(IncidentScopedView):
    """The sitrep's PDF (404 until it is ready; for a Bestuurder until it is vastgesteld)."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk: int, sitrep_pk: int):
        sitrep = get_object_or_404(self.incident.sitreps, pk=sitrep_pk)
        # A concept only for writers; the vastgestelde PDF once it is made (sitreps.access).
        pdf = sitrep_pdf_for_user(request.user, self.incident, sitrep)
        try:
            handle = pdf.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(
            handle, as_attachment=True, filename=sitrep.filename, content_type="application/pdf"
        )
