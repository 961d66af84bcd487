from django.urls import path

from . import views

app_name = "sitreps"

urlpatterns = [
    path("incidents/<int:pk>/sitreps/", views.sitrep_list, name="list"),
    path("incidents/<int:pk>/sitreps/nieuw/", views.sitrep_create, name="create"),
    path("incidents/<int:pk>/sitreps/controle/", views.sitrep_check, name="check"),
    path("incidents/<int:pk>/sitreps/voorbeeld/", views.sitrep_preview, name="preview"),
    path("incidents/<int:pk>/sitreps/<int:sitrep_pk>/", views.sitrep_row, name="row"),
    path("incidents/<int:pk>/sitreps/<int:sitrep_pk>/opnieuw/", views.sitrep_retry, name="retry"),
    path("incidents/<int:pk>/sitreps/<int:sitrep_pk>/pdf/", views.sitrep_download, name="download"),
    path(
        "incidents/<int:pk>/sitreps/<int:sitrep_pk>/vaststellen/",
        views.sitrep_approve,
        name="approve",
    ),
    path(
        "incidents/<int:pk>/sitreps/<int:sitrep_pk>/afwijzen/", views.sitrep_reject, name="reject"
    ),
]
