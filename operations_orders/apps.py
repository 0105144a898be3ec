from django.apps import AppConfig

from bpets.modules import Module


class OperationsOrdersConfig(AppConfig):
    name = "operations_orders"
    verbose_name = "Operations orders"
    module_info = Module(
        title="Operations orders",
        summary=(
            "Operations planned as five-paragraph orders, with their cost and approval."
        ),
        holds=(
            (
                "Orders with Situation, Mission, Execution, Administration and Command "
                "and Control."
            ),
            "Estimated and actual cost by category.",
            (
                "Submission, approval or return, amendments kept side by side, and the "
                "after-action summary."
            ),
        ),
    )

    def ready(self):
        from operations_orders import retention_rules

        retention_rules.register_rules()
