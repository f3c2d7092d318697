from django.apps import AppConfig


class PolicyPagesConfig(AppConfig):
    name = "policy_pages"
    verbose_name = "Policies and guidance"
