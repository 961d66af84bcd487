from django.urls import path

from . import views

app_name = "exchange"

urlpatterns = [
    path("zoeken/", views.search_all, name="search"),
    path("incidents/<int:pk>/zoeken/", views.incident_search, name="incident_search"),
    path("incidents/<int:pk>/exporteren/", views.export_page, name="export"),
    path("incidents/<int:pk>/exporteren/bestand/", views.export_download, name="export_download"),
    path("incidents/<int:pk>/lcms/", views.lcms, name="lcms"),
    path("incidents/<int:pk>/importeren/", views.message_import, name="import"),
]
