"""Admin of jobs (registered on import from articles.admin)."""
