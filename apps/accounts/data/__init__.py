"""Your data: export, import from other apps, and account deletion."""
