from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "ansam.access"
    label = "access"

    def ready(self) -> None:
        from ansam.access import checks  # noqa: F401  (registers the deployment checks)
