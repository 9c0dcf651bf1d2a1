"""Big uploads: a file imported by a background job (a job runner)."""
