from django.views.generic import TemplateView


class AuditLogView(TemplateView):
    template_name = "security/audit_log.html"
