from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "keten.cases"
    label = "cases"
