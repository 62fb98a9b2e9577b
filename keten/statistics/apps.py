from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "keten.statistics"
    label = "statistics"
