from django.urls import path

from . import member_views, partner_views, picture_views, views

app_name = "incidents"

urlpatterns = [
    path("incidents/", views.incident_list, name="list"),
    path("incidents/nieuw/", views.incident_create, name="create"),
    path("incidents/<int:pk>/", views.incident_detail, name="detail"),
    path("incidents/<int:pk>/bewerken/", views.incident_edit, name="edit"),
    path("incidents/<int:pk>/pulse", views.incident_pulse, name="pulse"),
    path("incidents/<int:pk>/tegel/<slug:name>/", views.tile_body, name="tile"),
    path("incidents/<int:pk>/alle/<slug:name>/", views.tile_all, name="tile_all"),
    path("incidents/<int:pk>/leden/", member_views.incident_members, name="members"),
    path("incidents/<int:pk>/leden/zoeken/", member_views.member_search, name="member_search"),
    path(
        "incidents/<int:pk>/leden/<int:membership_pk>/wijzigen/",
        member_views.member_change,
        name="member_change",
    ),
    path(
        "incidents/<int:pk>/leden/<int:user_pk>/verwijderen/",
        member_views.incident_member_remove,
        name="member_remove",
    ),
    path("incidents/<int:pk>/partners/", partner_views.partner_list, name="partners"),
    path(
        "incidents/<int:pk>/partners/<int:membership_pk>/intrekken/",
        partner_views.partner_revoke,
        name="partner_revoke",
    ),
    path("incidents/<int:pk>/audit/", views.incident_audit, name="audit"),
    path(
        "incidents/<int:pk>/duiding/wijzigen/",
        views.classification_edit,
        name="classification_edit",
    ),
    path("incidents/<int:pk>/organisaties/nieuw/", views.organisation_add, name="organisation_add"),
    path("incidents/<int:pk>/logboek/nieuw/", views.log_add, name="log_add"),
    path("incidents/<int:pk>/besluiten/nieuw/", views.decision_add, name="decision_add"),
    path(
        "incidents/<int:pk>/besluiten/<int:decision_pk>/status/",
        views.decision_evaluate,
        name="decision_evaluate",
    ),
    path("incidents/<int:pk>/acties/nieuw/", views.action_add, name="action_add"),
    path(
        "incidents/<int:pk>/acties/<int:action_pk>/status/",
        views.action_status,
        name="action_status",
    ),
    # The picture per discipline (beeldvorming, issue 14).
    path("incidents/<int:pk>/beeld/", picture_views.picture_page, name="picture"),
    path(
        "incidents/<int:pk>/beeld/totaalbeeld/",
        picture_views.overall_picture_set,
        name="overall_picture_set",
    ),
    path(
        "incidents/<int:pk>/beeld/totaalbeeld/geschiedenis/",
        picture_views.picture_history,
        name="overall_history",
    ),
    path(
        "incidents/<int:pk>/beeld/<int:discipline_pk>/",
        picture_views.partial_picture_set,
        name="partial_picture_set",
    ),
    path(
        "incidents/<int:pk>/beeld/<int:discipline_pk>/geschiedenis/",
        picture_views.picture_history,
        name="picture_history",
    ),
]
