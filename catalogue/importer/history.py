"""Who the history of changes records for what the importer (and a restore) writes: the user
`importer`, and a block inside which every history row is recorded under a given user."""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from simple_history.models import HistoricalRecords

IMPORTER_USERNAME = "importer"


def importer_user():
    """The user that importer changes are recorded under in the history; created if absent."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=IMPORTER_USERNAME, defaults={"is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


class history_user:
    """Record every history row written inside the block (deletions included) under USER."""

    def __init__(self, user):
        self.user = user

    def __enter__(self):
        self.previous = getattr(HistoricalRecords.context, "request", None)
        HistoricalRecords.context.request = SimpleNamespace(user=self.user)
        return self

    def __exit__(self, *exc):
        if self.previous is None:
            del HistoricalRecords.context.request
        else:
            HistoricalRecords.context.request = self.previous
        return False
