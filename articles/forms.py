from __future__ import annotations

from django import forms
from django.conf import settings

from .models import http_url


class ArticleImportForm(forms.Form):
    """Paste an article (or a whole news-site paste) or upload a file."""

    text = forms.CharField(
        label="Paste the article",
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "placeholder": "Headline\n\nBy Name\n\nFirst paragraph…"}),
        help_text="First line the headline, an optional “By NAME” line, then the paragraphs. "
        "A page pasted from a news site (with its “Short Url” / “Follow” lines) works as it is.",
    )
    file = forms.FileField(
        label="…or upload a file",
        required=False,
        help_text=".txt, .md, .html, .json, .jsonl or .csv",
    )
    url = forms.URLField(label="Article URL", required=False, validators=[http_url], max_length=1000)
    publisher = forms.CharField(label="Publisher", required=False, max_length=200)
    published_on = forms.DateField(
        label="Published on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        text = (data.get("text") or "").strip()
        upload = data.get("file")
        if not text and not upload:
            raise forms.ValidationError("Paste the article’s text or choose a file to upload.")
        if text and upload:
            raise forms.ValidationError("Either paste text or upload a file, not both.")
        limit = settings.FACTCHECK_MAX_ARTICLE_BYTES
        if text and len(text.encode("utf-8")) > limit:
            self.add_error("text", f"The pasted text is over the {limit / 1048576:.1f} MB limit.")
        return data

    def overrides(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("url", "publisher", "published_on")}
