"""Receivers of the signals of apps below this one, connected in ``apps.py``. Each hands over
to a service, where the rule lives."""


def follow_person_key_dates(sender, *, person, actor, request=None, **kwargs):
    """A client's key dates or regime changed: their open trajectories' deadlines follow."""
    from wegwijs.trajectories.services import follow_key_dates

    follow_key_dates(person=person, actor=actor, request=request)
