"""Matching claims against published fact-checks and the archive (README: claim matching)."""
