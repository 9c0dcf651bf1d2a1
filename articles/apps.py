from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Fact-checking"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # the team's models (comments, notifications); to move to the end of models.py
        from . import team_models  # noqa: F401
