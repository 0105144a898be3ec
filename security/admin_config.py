"""Django's admin app, with the product's own site (see ``admin_site``)."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "security.admin_site.AdminSite"
