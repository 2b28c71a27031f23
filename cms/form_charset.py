"""Forms posted in a character set other than UTF-8: a 400 with the form shown again, never a 500.

Browsers encode a form in the page's character set (UTF-8 here) and declare none, so a body sent as
`application/x-www-form-urlencoded; charset=latin-1` (or utf-16...) comes from a script or an old
client. Django refuses such a body with BadRequest wherever request.POST is first read, and its 400
handler reads request.POST again (the CSRF check of `requires_csrf_token`), which raises again: a 500.

FormCharsetMiddleware reads the body before anything else does. A UTF-8 alias ("utf8", "UTF_8") is
read as UTF-8. Any other character set is refused, but not silently: request.POST holds the form as
decoded in that character set (or as UTF-8 when the body does not read as a form in it; bytes that
decode in neither become U+FFFD), so the CSRF check works and the page can give the text back, and
`refused_charset(request)` names the character set. The site's forms then answer 400 with the form,
the text as read and a message asking to send it again (the letter and comment views check
`refused_charset`; the sign-in forms below refuse it in `clean`), and any other response this
middleware sees with 200 becomes a 400: a form that could not be read is never answered as a success.
"""

import codecs

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
_REFUSED = "_refused_form_charset"

SIGN_IN_MESSAGE = (
    "Your browser sent the sign-in form in a character encoding we can’t read ({charset}). "
    "Please enter your password and sign in again."
)


def refused_charset(request):
    """The character set the request's form was refused in, or None when it was read as UTF-8."""
    return getattr(request, _REFUSED, None)


def _is_utf8(charset):
    return codecs.lookup(charset).name == "utf-8"


def decoded_form(body, charset):
    """The form in `body`, as `charset` reads it, or as UTF-8 when `charset` does not read it as a form
    (a client that declares a charset it did not use: UTF-16 read from ASCII bytes has no "=").
    Percent-escapes are read in `charset` when it writes ASCII as ASCII (latin-1, cp1252...), else in
    UTF-8, as HTML does for forms in UTF-16."""
    try:
        text = body.decode(charset)
    except UnicodeDecodeError:
        text = None
    if text is None or ("=" not in text and text.strip()):
        return QueryDict(body, encoding="utf-8")
    ascii_compatible = "a=b&c%20d+".encode(charset, errors="replace") == b"a=b&c%20d+"
    return QueryDict(text, encoding=charset if ascii_compatible else "utf-8")


class FormCharsetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = request.encoding  # set by Django only for a charset Python knows; unknown ones are UTF-8
        if request.method != "POST" or request.content_type != FORM_CONTENT_TYPE or not charset:
            return self.get_response(request)
        if _is_utf8(charset):
            request.encoding = "utf-8"  # "utf8" and the like: Django accepts only this spelling
            return self.get_response(request)

        setattr(request, _REFUSED, charset)
        try:
            request.POST = decoded_form(request.body, charset)
        except Exception:
            # Too large, too many fields...: Django answers 400, and its handler reads POST again.
            request.POST = QueryDict()
            raise
        finally:
            request._files = MultiValueDict()  # FILES has no setter; left unset, Django would parse and raise
        response = self.get_response(request)
        if response.status_code == 200:
            response.status_code = 400
        return response


class _RefusesUnreadableCharset:
    """A sign-in form refuses a form sent in another character set before it tries the password, so
    the attempt neither signs anyone in nor counts towards a lockout; the username is shown again."""

    def clean(self):
        charset = refused_charset(self.request) if self.request else None
        if charset:
            raise forms.ValidationError(SIGN_IN_MESSAGE.format(charset=charset), code="charset")
        return super().clean()


class SiteLoginForm(_RefusesUnreadableCharset, AuthenticationForm):
    """The readers' sign-in form (/account/login/)."""


class AdminLoginForm(_RefusesUnreadableCharset, WagtailLoginForm):
    """The admin's sign-in form (WAGTAILADMIN_USER_LOGIN_FORM)."""
