from django.apps import AppConfig

from bpets.modules import Module


class CheckpointsConfig(AppConfig):
    name = "checkpoints"
    verbose_name = "Checkpoints"
    module_info = Module(
        title="Checkpoints",
        summary="Traffic checkpoint profiles, loaded from the published list.",
        holds=(
            "The traffic checkpoints of each sector with their highway and location.",
            "Their facility type, lanes and holding cells.",
            "Their operating status and its history.",
        ),
    )

    def ready(self):
        from checkpoints import retention_rules

        retention_rules.register_rules()
