"""Admin for letters (inbox, triage) and comments (moderation queue)."""

# Letters -------------------------------------------------------------------

# Comments ------------------------------------------------------------------
