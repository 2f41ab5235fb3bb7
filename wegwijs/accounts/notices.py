"""E-mails that tell a person what happened to their account (issue 10: the user is told).

Sent only after the change is committed (``transaction.on_commit``, REL-02), in the language of
the account, and holding no secrets: no codes, no links that log in, no new e-mail address.
"""

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as noop

_FOOTER = noop(
    "If you did not expect this, contact the administrator of Wegwijs at once: someone may be "
    "trying to take over your account."
)

# kind: (subject, body); the body may use %(when)s, the local time of the change.
NOTICES = {
    "email_changed_old": (
        noop("The e-mail address of your Wegwijs account was changed"),
        noop(
            "On %(when)s an administrator changed the e-mail address of your Wegwijs account. "
            "Messages about your account, such as password resets, now go to the new address."
        ),
    ),
    "email_changed_new": (
        noop("This is now the e-mail address of your Wegwijs account"),
        noop("On %(when)s an administrator made this the e-mail address of your Wegwijs account."),
    ),
    "role_changed": (
        noop("Your role in Wegwijs was changed"),
        noop(
            "On %(when)s the role or the teams of your Wegwijs account were changed. "
            "Log in to see what you can do now."
        ),
    ),
    "account_enabled": (
        noop("Your Wegwijs account is enabled"),
        noop(
            "On %(when)s your Wegwijs account was enabled. If you have no password yet, choose "
            "one with 'Forgot your password?' on the login page."
        ),
    ),
    "account_disabled": (
        noop("Your Wegwijs account is disabled"),
        noop("On %(when)s your Wegwijs account was disabled and all its sessions were ended."),
    ),
    "second_factor_reset": (
        noop("The two-step verification of your Wegwijs account was reset"),
        noop(
            "On %(when)s two administrators reset the two-step verification of your Wegwijs "
            "account. Your authenticator app and recovery codes no longer work; at your next "
            "login you set up the authenticator app again."
        ),
    ),
    "privileged_role_granted": (
        noop("An account in Wegwijs became administrator or privacy officer"),
        noop(
            "On %(when)s an account was made administrator or privacy officer, or given that "
            "role. The access log has the entry (event 'privileged_role_granted')."
        ),
    ),
    "password_changed": (
        noop("Your Wegwijs password was changed"),
        noop(
            "On %(when)s the password of your Wegwijs account was changed, and you were logged "
            "out everywhere else."
        ),
    ),
}


def tell(user, kind: str, *, address: str | None = None) -> None:
    """Queue notice ``kind`` for ``user``, to ``address`` when given (e.g. their old address).

    Sent after the transaction commits; nothing is sent when it rolls back.
    """
    subject, body = NOTICES[kind]
    address = address or user.email
    language = user.language

    def send():
        with translation.override(language):
            when = timezone.localtime().strftime("%d-%m-%Y %H:%M")
            text = _(body) % {"when": when} + "\n\n" + _(_FOOTER)
            send_mail(_(subject), text, None, [address])

    transaction.on_commit(send)
