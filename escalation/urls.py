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
    path("incidents/<int:pk>/vitaal/", views.vital_set, name="vital_set"),
    path("incidents/<int:pk>/cirkel/", views.incident_cirkel, name="incident_cirkel"),
    path("escalation/cirkel/", views.cirkel_blank, name="cirkel"),
    path("escalation/beslisboom/", views.reporting_tree, name="reporting_tree"),
    path(
        "escalation/beslisboom/koppelen/", views.reporting_tree_attach, name="reporting_tree_attach"
    ),
    path(
        "incidents/<int:pk>/beslisboom/",
        views.incident_reporting_tree,
        name="incident_reporting_tree",
    ),
    path(
        "incidents/<int:pk>/beslisboom/koppelen/",
        views.incident_reporting_tree_attach,
        name="incident_reporting_tree_attach",
    ),
    path("incidents/<int:pk>/meldpunten/", views.reporting_history, name="reporting_history"),
    path(
        "incidents/<int:pk>/meldpunten/<int:item_pk>/gemeld",
        views.reporting_item_mark,
        name="reporting_item_mark",
    ),
    path(
        "incidents/<int:pk>/meldpunten/<int:item_pk>/heropend",
        views.reporting_item_unmark,
        name="reporting_item_unmark",
    ),
    path("incidents/<int:pk>/afschalen/", views.scale_down, name="scale_down"),
    path("incidents/<int:pk>/maatregelen/", views.measures, name="measures"),
    path(
        "incidents/<int:pk>/maatregelen/<int:measure_pk>/wijzigen",
        views.measure_edit,
        name="measure_edit",
    ),
    path(
        "incidents/<int:pk>/maatregelen/<int:measure_pk>/beeindigen",
        views.measure_end,
        name="measure_end",
    ),
    path("incidents/<int:pk>/herstel/", views.recovery, name="recovery"),
    path(
        "incidents/<int:pk>/herstel/<int:item_pk>/bijwerken",
        views.recovery_update,
        name="recovery_update",
    ),
    path(
        "incidents/<int:pk>/herstel/<int:item_pk>/",
        views.recovery_history,
        name="recovery_history",
    ),
]
