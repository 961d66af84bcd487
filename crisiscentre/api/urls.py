"""Every API URL, in one module (other features add their routes here).

Incident routes sit under api/v1/incidents/<pk>/, so the access walk of
tests/crisiscentre/test_access_everywhere.py covers them too.
"""

from django.contrib.auth.decorators import login_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

app_name = "api"

INCIDENT = "v1/incidents/<int:pk>/"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        # A page: anonymous visitors go to the login page (DRF views opt out of the login
        # middleware, hence the decorator); the schema itself also answers a token.
        login_required(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema", template_name="api/swagger_ui.html"
            )
        ),
        name="docs",
    ),
    path("v1/incidents/", views.IncidentList.as_view(), name="incident-list"),
    path(INCIDENT, views.IncidentDetail.as_view(), name="incident-detail"),
    path(INCIDENT + "log-entries/", views.LogEntryList.as_view(), name="log-entries"),
    path(INCIDENT + "decisions/", views.DecisionList.as_view(), name="decisions"),
    path(INCIDENT + "actions/", views.ActionList.as_view(), name="actions"),
    path(
        INCIDENT + "actions/<int:action_pk>/status/",
        views.ActionStatus.as_view(),
        name="action-status",
    ),
    path(INCIDENT + "classification/", views.ClassificationView.as_view(), name="classification"),
    path(INCIDENT + "organisations/", views.OrganisationList.as_view(), name="organisations"),
    path(INCIDENT + "sitreps/", views.SitrepList.as_view(), name="sitreps"),
    path(INCIDENT + "sitreps/<int:sitrep_pk>/pdf/", views.SitrepPdf.as_view(), name="sitrep-pdf"),
]
