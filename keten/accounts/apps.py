from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "keten.accounts"
    label = "accounts"
