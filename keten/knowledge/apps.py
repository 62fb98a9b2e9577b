from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "keten.knowledge"
    label = "knowledge"
