from django.urls import path

from . import views

app_name = "escalation"

urlpatterns = [
    path("incidents/<int:pk>/grip/", views.grip_change, name="grip_change"),
    path(
        "incidents/<int:pk>/grip/checklist/<int:level_pk>/<int:index>",
        views.grip_checklist_tick,
        name="grip_checklist_tick",
    ),
    path("incidents/<int:pk>/vitaal/", views.vital_set, name="vitaal_set"),
    path("incidents/<int:pk>/cirkel/", views.incident_cirkel, name="incident_cirkel"),
    path("escalation/cirkel/", views.cirkel_blank, name="cirkel"),
    path("escalation/beslisboom/", views.beslisboom, name="beslisboom"),
    path("escalation/beslisboom/koppelen/", views.beslisboom_attach, name="beslisboom_attach"),
    path("incidents/<int:pk>/beslisboom/", views.incident_beslisboom, name="incident_beslisboom"),
    path(
        "incidents/<int:pk>/beslisboom/koppelen/",
        views.incident_beslisboom_attach,
        name="incident_beslisboom_attach",
    ),
    path("incidents/<int:pk>/meldpunten/", views.reporting_history, name="meldpunten"),
    path(
        "incidents/<int:pk>/meldpunten/<int:item_pk>/gemeld",
        views.reporting_item_mark,
        name="meldpunt_mark",
    ),
    path(
        "incidents/<int:pk>/meldpunten/<int:item_pk>/heropend",
        views.reporting_item_unmark,
        name="meldpunt_unmark",
    ),
]
