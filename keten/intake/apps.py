from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "keten.intake"
    label = "intake"
