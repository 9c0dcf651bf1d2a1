"""python manage.py load_demo — the demo articles and two demo users. Idempotent."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from articles import policy, services
from articles.text import readers

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "news_articles.txt"
USERS = [
    # username, group, is_staff
    ("editor", "Editors", True),  # staff: may use the admin
    ("reviewer", "Reviewers", False),
]


class Command(BaseCommand):
    help = "Load the demo articles and the demo editor and reviewer (prints their passwords). Safe to run twice."

    def handle(self, *args, **options):
        credentials = self._users()
        outcomes = list(services.articles_import(items=readers.read_paths([DEMO_FILE]), created_by=policy.SYSTEM))
        for o in outcomes:
            if o.status == "failed":
                self.stderr.write(f"demo article failed: {o.where}: {o.message}")
            else:
                verb = "loaded" if o.status == "imported" else "already there"
                self.stdout.write(f"demo article {verb}: “{o.title}”")
        self.stdout.write("Demo users (log in at http://127.0.0.1:8000/):")
        for username, password, group in credentials:
            self.stdout.write(f"  {username:<9} password: {password:<24} ({group})")
        if any(o.status == "failed" for o in outcomes):
            raise SystemExit(1)

    def _credential_file(self) -> Path:
        return Path(settings.VAR_DIR) / "demo-credentials.json"

    @transaction.atomic
    def _users(self) -> list[tuple[str, str, str]]:
        path = self._credential_file()
        saved = json.loads(path.read_text()) if path.exists() else {}
        user_model = get_user_model()
        out = []
        for username, group_name, is_staff in USERS:
            user = user_model.objects.filter(username=username).first()
            if user is None:
                password = secrets.token_urlsafe(12)
                user = user_model.objects.create_user(username=username, password=password, is_staff=is_staff)
                saved[username] = password
            user.groups.add(Group.objects.get(name=group_name))
            role = f"{group_name}, admin access" if is_staff else group_name
            out.append((username, saved.get(username, "(set before; reset with manage.py changepassword)"), role))
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(saved, fh, indent=2)
        return out
