from django.urls import path

from . import views

app_name = "communication"

MESSAGE = "incidents/<int:pk>/communicatie/berichten/<int:message_id>/"

urlpatterns = [
    path("incidents/<int:pk>/communicatie/", views.communication_page, name="page"),
    path(
        "incidents/<int:pk>/communicatie/kernboodschap/",
        views.core_message_set,
        name="core_message",
    ),
    path("incidents/<int:pk>/communicatie/taalcheck/", views.message_check, name="check"),
    path(
        "incidents/<int:pk>/communicatie/berichten/nieuw/",
        views.message_create,
        name="message_create",
    ),
    path(MESSAGE, views.message_edit, name="message"),
    path(f"{MESSAGE}afstemmen/", views.message_step, {"step": "submit"}, name="message_submit"),
    path(f"{MESSAGE}vaststellen/", views.message_approve, name="message_approve"),
    path(f"{MESSAGE}publiceren/", views.message_step, {"step": "publish"}, name="message_publish"),
    path(f"{MESSAGE}concept/", views.message_step, {"step": "reopen"}, name="message_reopen"),
]
