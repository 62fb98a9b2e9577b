from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "keten.audit"
    label = "audit"
