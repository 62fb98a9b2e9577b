from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "keten.referrals"
    label = "referrals"
