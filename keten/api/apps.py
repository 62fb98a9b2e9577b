from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "keten.api"
    label = "api"
