from django.urls import path

from . import views

app_name = "playbook"

urlpatterns = [
    path("playbook/", views.playbook_index, name="index"),
    # Per incident
    path("incidents/<int:pk>/draaiboek/", views.checklists, name="checklists"),
    path(
        "incidents/<int:pk>/draaiboek/punten/<int:item_pk>/",
        views.checklist_tick,
        name="checklist_tick",
    ),
    path("incidents/<int:pk>/sleutelbesluiten/", views.key_decisions, name="key_decisions"),
    path(
        "incidents/<int:pk>/sleutelbesluiten/<int:kd_pk>/nemen/",
        views.key_decision_take,
        name="key_decision_take",
    ),
    path(
        "incidents/<int:pk>/sleutelbesluiten/<int:kd_pk>/uitkomst/",
        views.key_decision_outcome,
        name="key_decision_outcome",
    ),
    path("incidents/<int:pk>/dilemmas/", views.dilemmas, name="dilemmas"),
    path(
        "incidents/<int:pk>/dilemmas/<int:dilemma_pk>/",
        views.dilemma_position,
        name="dilemma_position",
    ),
    path("incidents/<int:pk>/aflossing/", views.relief, name="relief"),
    path("incidents/<int:pk>/aflossing/rooster/", views.roster_body, name="roster_body"),
    path("incidents/<int:pk>/aflossing/dienst/", views.roster_add, name="roster_add"),
    path(
        "incidents/<int:pk>/aflossing/dienst/<int:entry_pk>/verwijderen/",
        views.roster_remove,
        name="roster_remove",
    ),
    path("incidents/<int:pk>/aflossing/overleg/", views.next_meeting_set, name="next_meeting"),
    path("incidents/<int:pk>/aflossing/overdrachtsbrief/", views.handover, name="handover"),
    path("incidents/<int:pk>/mijn-taken/", views.my_tasks, name="my_tasks"),
    path("incidents/<int:pk>/stakeholders/", views.stakeholders, name="stakeholders"),
    path(
        "incidents/<int:pk>/stakeholders/lijst/",
        views.stakeholders_body,
        name="stakeholders_body",
    ),
    path(
        "incidents/<int:pk>/stakeholders/betrekken/",
        views.stakeholder_involve,
        name="stakeholder_involve",
    ),
    path(
        "incidents/<int:pk>/stakeholders/<int:involvement_pk>/geinformeerd/",
        views.stakeholder_informed,
        name="stakeholder_informed",
    ),
    # Dashboard tile bodies
]
