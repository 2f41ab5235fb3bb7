import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegwijs.settings")
application = get_wsgi_application()


def _refuse_unsafe_database_role():
    """Production does not start when its database role could undo the access log's
    protection (LOG-03, ``core.audit_role``)."""
    from django.conf import settings

    if settings.PRODUCTION:
        from wegwijs.core.audit_role import refuse_unsafe_runtime_role

        refuse_unsafe_runtime_role()


_refuse_unsafe_database_role()
