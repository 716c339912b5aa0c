from django.apps import AppConfig


class ConsultantsConfig(AppConfig):
    name = "consultants"
    verbose_name = "Consultants"

    def ready(self) -> None:
        # Connects the questionnaire's and allauth's signals.
        from consultants import receivers  # noqa: F401
