from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("incidents/<int:pk>/overleg/", views.meeting_list, name="list"),
    path("incidents/<int:pk>/overleg/nieuw/", views.meeting_plan, name="plan"),
    path("incidents/<int:pk>/overleg/agenderen/", views.item_table, name="table"),
    path("incidents/<int:pk>/overleg/<int:mid>/", views.meeting_detail, name="detail"),
    path("incidents/<int:pk>/overleg/<int:mid>/agenda/", views.meeting_body, name="body"),
    path("incidents/<int:pk>/overleg/<int:mid>/scherm/", views.meeting_projector, name="projector"),
    path("incidents/<int:pk>/overleg/<int:mid>/openen/", views.meeting_open, name="open"),
    path("incidents/<int:pk>/overleg/<int:mid>/sluiten/", views.meeting_close, name="close"),
    path(
        "incidents/<int:pk>/overleg/<int:mid>/vastleggen/<slug:item>/",
        views.meeting_record,
        name="record",
    ),
    path("incidents/<int:pk>/overleg/<int:mid>/verslag.pdf", views.minutes_pdf, name="minutes_pdf"),
]
