from django.conf import settings
from django.utils import translation

from wegwijs.accounts import sessions


class UserLanguageMiddleware:
    """Dutch unless the user chose otherwise: the profile's language when logged in, else the
    language cookie set by the switch. The browser's Accept-Language is deliberately ignored, so
    that a shared office computer does not decide the language of the interface."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.known = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = user.language
        else:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.known:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class UserSessionMiddleware:
    """Keeps the user's session list right when a view gave the session a new key (after the
    second factor or a password change), so "log out elsewhere" finds every session (SESS-02).
    Writes only when the key changed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            sessions.follow_key(request)
        return response
