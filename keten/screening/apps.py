from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "keten.screening"
    label = "screening"
