from django.contrib.admin.apps import AdminConfig


class DpaAdminConfig(AdminConfig):
    default_site = "dpa.admin.DpaAdminSite"
