"""The matcher's search index (README: claim matching): one ``MatchDoc`` per match target (a
published fact-check, or a claim of the archive that has a verdict), the document frequency of
every term (``MatchTerm``) and the collection's size (``MatchStats``), so that BM25 is computed
in Python with the same statistics on SQLite and PostgreSQL (the same ranking on both).

On PostgreSQL migration 0013 adds a GIN index on ``string_to_array(terms, ' ')``: candidates are
the targets that contain the query's rarest terms, found through it (no server extension). The
index lives in the database, so every app server and worker sees the same one, current at
commit. Imported here from the end of ``models.py``.
"""

from __future__ import annotations

from django.db import models

from .models import Claim, FactCheck


class MatchDoc(models.Model):
    """One match target as the matcher sees it (written only by ``articles.matching``)."""

    class Kind(models.TextChoices):
        FACTCHECK = "factcheck", "Published fact-check"
        CLAIM = "claim", "Claim with a verdict"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    factcheck = models.OneToOneField(FactCheck, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    claim = models.OneToOneField(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # the claim this target is about (a claim's own id; for our own fact-check, the approved
    # claim) and its article: a claim is never matched with itself or its own article's claims
    about_claim_id = models.BigIntegerField(null=True, blank=True)
    about_article_id = models.BigIntegerField(null=True, blank=True)
    terms = models.TextField(help_text="The normalised terms of claim + headline, space-separated, in order.")
    length = models.PositiveIntegerField(default=0)
    words = models.PositiveSmallIntegerField(default=0, help_text="Content words of the claim (tier rule).")
    embedding = models.BinaryField(help_text="256 int8: the claim's wordllama embedding.")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="factcheck", factcheck__isnull=False, claim__isnull=True)
                | models.Q(kind="claim", factcheck__isnull=True, claim__isnull=False),
                name="matchdoc_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.factcheck_id or self.claim_id}"


class MatchTerm(models.Model):
    """How many targets contain a term (kept by ``articles.matching`` in the transaction that
    indexes the targets; ``match_claims --reindex`` recounts)."""

    term = models.CharField(max_length=64, primary_key=True)
    df = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.term} ({self.df})"


class MatchStats(models.Model):
    """The collection's size for BM25 (one row, pk 1, created by migration 0013)."""

    docs = models.BigIntegerField(default=0)
    total_length = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "matching statistics"

    def __str__(self) -> str:
        return f"{self.docs} targets"
