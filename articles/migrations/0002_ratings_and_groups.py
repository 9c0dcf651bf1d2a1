"""Data migration: the default rating scale and the Editors / Reviewers groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RATINGS = [
    # slug, label, score, colour, description
    ("true", "True", 5, "#2e7d32", "The claim is accurate and nothing significant is missing."),
    ("mostly-true", "Mostly true", 4, "#689f38", "Accurate but needs clarification or additional information."),
    ("half-true", "Half true", 3, "#f9a825", "Partially accurate but leaves out important details or takes things out of context."),
    ("mostly-false", "Mostly false", 2, "#ef6c00", "Contains an element of truth but ignores critical facts."),
    ("false", "False", 1, "#c62828", "The claim is not accurate."),
    ("misleading", "Misleading", None, "#6a1b9a", "Accurate in parts but creates a false impression (off the scale)."),
    ("unverifiable", "Unverifiable", None, "#546e7a", "The available evidence can neither confirm nor refute it (off the scale)."),
]

REVIEWER_PERMS = [
    "view_article", "view_claim", "view_rating", "view_history",
    "add_verdict", "change_verdict", "view_verdict",
    "add_source", "change_source", "delete_source", "view_source",
]
EDITOR_PERMS = REVIEWER_PERMS + [
    "add_article", "change_article", "import_articles", "change_claim",
    "approve_verdict", "export_verdicts",
]


def forwards(apps, schema_editor):
    # permissions are normally created after all migrations; we need them now
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None

    Rating = apps.get_model("articles", "Rating")
    for position, (slug, label, score, color, description) in enumerate(RATINGS, start=1):
        Rating.objects.update_or_create(
            slug=slug,
            defaults={"label": label, "score": score, "color": color, "description": description, "position": position},
        )

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Reviewers", REVIEWER_PERMS), ("Editors", EDITOR_PERMS)):
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        missing = set(codenames) - set(perms.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"permissions not found: {sorted(missing)}")
        group.permissions.add(*perms)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Reviewers", "Editors"]).delete()
    apps.get_model("articles", "Rating").objects.filter(slug__in=[r[0] for r in RATINGS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
