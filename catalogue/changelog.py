"""Log lines that say who changed what: "user ann changed document 1952-...: summary, status".

The history of changes (django-simple-history) keeps every version in the database; these
lines put the same facts in the server's log as they happen, where an operator watching or
shipping the logs sees them without opening the admin. They go to the logger
`catalogue.changes` at INFO (CHANGE_LOG_LEVEL, see settings.LOGGING).

Saves and deletes (the admin's forms, a shell) come through simple_history's
post_create_historical_record signal; batch changes that write their history in bulk
(`merge.update_with_history`) call `log_batch_change` themselves. The importer's own writes
are not logged line by line: `import_seeds` reports every file on its output.
"""

import logging

from simple_history.signals import post_create_historical_record

logger = logging.getLogger("catalogue.changes")

VERBS = {"+": "added", "~": "changed", "-": "deleted"}
# Bookkeeping the catalogue writes on every save: not a change anyone made.
IGNORED_FIELDS = {"modified", "search_text", "imported_values"}
IMPORTER_USERNAME = "importer"  # the user catalogue.importer.history records imports under


def who(user):
    return user.get_username() if user is not None else "(no user)"


def label(instance):
    """The record as a log line names it, without a query (never str(), which may run one)."""
    name = instance._meta.verbose_name
    return f"{name} {getattr(instance, 'slug', None) or instance.pk}"


def changed_fields(history_instance):
    """Names of the fields that differ from the previous version (one query)."""
    previous = history_instance.prev_record
    if previous is None:
        return []
    names = []
    for field in history_instance.instance_type._meta.concrete_fields:
        if field.name in IGNORED_FIELDS or field.primary_key:
            continue
        if getattr(history_instance, field.attname, None) != getattr(previous, field.attname, None):
            names.append(field.name)
    return names


def record_created(sender, instance, history_instance, history_user=None, **kwargs):
    if not logger.isEnabledFor(logging.INFO):
        return
    if history_user is not None and history_user.get_username() == IMPORTER_USERNAME:
        return
    verb = VERBS.get(history_instance.history_type, "changed")
    line = f"user {who(history_user)} {verb} {label(instance)}"
    if history_instance.history_type == "~":
        fields = changed_fields(history_instance)
        line += f": {', '.join(fields) if fields else 'no field changed'}"
    if history_instance.history_change_reason:
        line += f" ({history_instance.history_change_reason})"
    logger.info(line)


def log_batch_change(user, model, pks, fields, reason=""):
    """One line for a batch change written in bulk (no signal is sent for it)."""
    if not pks:
        return
    shown = ", ".join(str(pk) for pk in list(pks)[:20])
    more = f" and {len(pks) - 20} more" if len(pks) > 20 else ""
    line = (
        f"user {who(user)} changed {len(pks)} {model._meta.verbose_name_plural} "
        f"(ids {shown}{more}): {', '.join(fields)}"
    )
    logger.info(line + (f" ({reason})" if reason else ""))


def connect(models):
    for model in models:
        post_create_historical_record.connect(
            record_created,
            sender=model.history.model,
            dispatch_uid=f"change-log-{model._meta.label}",
        )
