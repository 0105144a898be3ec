from django.apps import AppConfig


class BpetsConfig(AppConfig):
    name = "bpets"
    verbose_name = "BPETS"
