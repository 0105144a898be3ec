from django.apps import AppConfig

from bpets.modules import Module


class BsitsConfig(AppConfig):
    name = "bsits"
    verbose_name = "BSITS"
    module_info = Module(
        title="BSITS",
        summary=(
            "Border Safety Initiative tracking: deaths and rescues, under the strictest"
            " access."
        ),
        holds=(
            (
                "Death and rescue events recorded by the station whose agents "
                "encountered them."
            ),
            "The people involved, visible only to the few who need them.",
        ),
    )

    def ready(self):
        from bsits import retention_rules

        retention_rules.register_rules()
