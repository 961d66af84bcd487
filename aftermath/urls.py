from django.urls import path

from . import views

app_name = "aftermath"

urlpatterns = [
    path("incidents/<int:pk>/nafase/", views.board, name="board"),
    path("incidents/<int:pk>/tijdlijn/", views.timeline, name="timeline"),
    path("incidents/<int:pk>/evaluatie/", views.evaluation, name="evaluation"),
    path("incidents/<int:pk>/evaluatie/deelnemer", views.participant_add, name="participant_add"),
    path("incidents/<int:pk>/evaluatie/bevinding", views.finding_add, name="finding_add"),
    path(
        "incidents/<int:pk>/evaluatie/verbeteractie", views.improvement_add, name="improvement_add"
    ),
    path(
        "incidents/<int:pk>/evaluatie/verbeteractie/<int:improvement_pk>/status",
        views.improvement_status,
        name="improvement_status",
    ),
    path("incidents/<int:pk>/evaluatie/vaststellen", views.evaluation_record, name="record"),
    path("incidents/<int:pk>/evaluatie/afzien", views.evaluation_waive, name="waive"),
    path("incidents/<int:pk>/evaluatie/rapport.pdf", views.evaluation_report, name="report"),
]
