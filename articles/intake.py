"""Intake by URL: fetch pages safely and import them (a job runner)."""
