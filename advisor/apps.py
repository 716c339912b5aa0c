from django.apps import AppConfig


class AdvisorConfig(AppConfig):
    name = "advisor"
    verbose_name = "Advisor scoring"

    def ready(self) -> None:
        # Registers the signal handlers that make a saved weight set take effect in this process at once.
        from advisor import selectors  # noqa: F401
