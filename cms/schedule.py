"""Periodic jobs, in one place: what runs and how often.

Run by `manage.py run_scheduler` (the Procfile's `scheduler:` process); a
cron table can run the same commands instead (see README, "Periodic jobs").
"""

MINUTE = 60
DAY = 24 * 60 * 60

JOBS = [
    # (management command, seconds between runs)
    ("publish_scheduled", MINUTE),  # replies scheduled by editors go live on time
    ("retry_stalled_mail", MINUTE),  # an email whose delivery task was lost is handed back to the worker
    ("erase_letter_contacts", DAY),  # letter writers' emails are kept only as long as needed
    ("erase_comment_ip_hashes", DAY),  # so are the IP hashes of comments and reports
    ("comment_digest", DAY),  # moderators' daily digest, when the comment settings ask for one
    ("prune_outbox", DAY),  # sent and failed emails, with their addresses, are kept OUTBOX_KEEP_DAYS
    ("send_follow_digests", DAY),  # each weekly follower's digest, seven days after their last
    ("prune_followers", DAY),  # unconfirmed addresses go after 7 days, bounced ones after 30
]
