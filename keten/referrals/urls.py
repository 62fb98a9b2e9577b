from django.urls import URLPattern, URLResolver, path

from keten.referrals import views

app_name = "referrals"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.inbox, name="inbox"),
    path("sent/", views.sent, name="sent"),
    path("new/", views.new_referral, name="new"),
    path("<int:referral_id>/", views.detail, name="detail"),
    path("<int:referral_id>/parts/<slug:scope>/", views.part, name="part"),
    path("<int:referral_id>/export/", views.export, name="export"),
    path("<int:referral_id>/documents/<int:document_id>/", views.document, name="document"),
    path("<int:referral_id>/answer/", views.answer, name="answer"),
    path("<int:referral_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:referral_id>/phases/", views.record_phase, name="record_phase"),
    path("cases/<int:case_id>/chain/", views.chain, name="chain"),
    path("cases/<int:case_id>/consent/", views.consent, name="consent"),
    path(
        "cases/<int:case_id>/consent/<int:consent_id>/withdraw/",
        views.withdraw_consent,
        name="withdraw_consent",
    ),
    path("cases/<int:case_id>/who-saw-what/", views.who_saw, name="who_saw"),
]
