"""Logs without personal data: a filter that scrubs email and IP addresses from every record it sees.

The app never logs readers' emails, addresses or letters on purpose (tests/test_logging_privacy.py);
this filter, on the console handler (LOGGING in cms/settings/base.py), is the second line of defence
for what a library or a future log line lets through: "Not Found: /x/jo@example.org/", a client's
address in a sign-in failure, an exception message quoting a recipient.
"""

import ipaddress
import logging
import re

EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
# Anything that might be an address (digits, hex, dots, colons); `ipaddress` decides which are.
IP_CANDIDATE = re.compile(r"(?<![\w:.])[0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.]*(?![\w:])")
EMAIL_MASK = "[email]"
IP_MASK = "[ip]"


def _mask_ip(match):
    token = match.group(0)
    core = token.rstrip(".:")  # "from 10.0.0.1." ends a sentence; "::1:" is not an address
    try:
        ipaddress.ip_address(core)
    except ValueError:
        return token
    return IP_MASK + token[len(core) :]


def scrub(text):
    """`text` with email addresses and IPv4/IPv6 addresses masked; everything else as it was."""
    if not text:
        return text
    return IP_CANDIDATE.sub(_mask_ip, EMAIL.sub(EMAIL_MASK, text))


class ScrubPersonalData(logging.Filter):
    """Rewrite a record's message, exception and stack text with `scrub`; never drops a record."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: keep what can be kept, scrubbed, rather than the raw args
            message = f"{record.msg} {record.args!r}"
        record.msg, record.args = scrub(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_text = scrub(record.exc_text)
        record.stack_info = scrub(record.stack_info)
        return True
