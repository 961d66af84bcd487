from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("incidents/<int:pk>/notificaties/informeer/", views.inform, name="inform"),
    path("incidents/<int:pk>/notificaties/<int:nid>/", views.detail, name="detail"),
    path("incidents/<int:pk>/notificaties/<int:nid>/opnieuw/", views.retry, name="retry"),
]
