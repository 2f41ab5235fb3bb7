from django.conf import settings

from wegwijs.core.navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    menu = menu_for(user, request.path) if user is not None and user.is_authenticated else []
    return {"menu": menu, "foundation_name": settings.FOUNDATION_NAME}
