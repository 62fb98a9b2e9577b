from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "keten.training"
    label = "training"
