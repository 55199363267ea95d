"""Bulk writes of new rows with their history: one `executemany` (SQLite) or `COPY`
(PostgreSQL) per table, with the primary keys reserved beforehand."""

from operator import attrgetter, itemgetter

from django.db import connection, connections
from django.utils import timezone
from simple_history.utils import get_history_manager_for_model

from ..bulkrows import PLAIN_COLUMNS, insert


def reserve_ids(model, count):
    """COUNT new primary keys for MODEL, to be inserted in the current transaction."""
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # AUTOINCREMENT never reuses an id, even of a deleted row: sqlite_sequence keeps the
        # highest ever given, and an explicit larger id raises it.
        quoted = connection.ops.quote_name
        cursor.execute(
            f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
            f"COALESCE((SELECT MAX({quoted(column)}) FROM {quoted(table)}), 0))",
            [table],
        )
        first = cursor.fetchone()[0] + 1
    return range(first, first + count)


def insert_rows(model, objects, *, fixed=None, with_pk=True, like=None):
    """INSERT one row of MODEL per object in OBJECTS (which may be instances of another model
    with the same attributes, as for history rows) with a single executemany. FIXED gives
    values for some columns; WITH_PK False leaves the primary key to the database. LIKE, what
    an earlier call returned for the same OBJECTS, gives the values of the columns of the same
    name as they were converted then (a history row copies its object's row, so its values
    are converted once). Returns (column attnames, rows)."""
    if not objects:
        return [], []
    fixed = fixed or {}
    # The connection itself, not the `connection` proxy: every attribute read on the proxy
    # is a lookup, and the fields read it once per value.
    db = connections[connection.alias]
    fields = [
        f for f in model._meta.concrete_fields if not f.generated and (with_pk or not f.primary_key)
    ]
    if like is not None:
        return _insert_like(model, fields, fixed, like)
    # Columns whose value is the attribute itself are read by one attrgetter per row (C speed);
    # the others go through their field's conversion. Columns are listed in that order.
    plain = [f for f in fields if f.attname not in fixed and f.get_internal_type() in PLAIN_COLUMNS]
    converted = [f for f in fields if f not in plain]
    getters = []
    for f in converted:
        if f.attname in fixed:
            value = fixed[f.attname]
            getters.append(lambda obj, value=value: value)
        else:
            # pre_save fills auto_now fields on the object, as a save would.
            getters.append(lambda obj, f=f: f.get_db_prep_save(f.pre_save(obj, True), db))
    # Two extra names keep attrgetter returning a tuple even for a single plain column.
    read_plain = attrgetter(*[f.attname for f in plain], "pk", "pk")
    fields = plain + converted
    rows = [read_plain(obj)[:-2] + tuple([get(obj) for get in getters]) for obj in objects]
    insert(model, fields, rows)
    return [f.attname for f in fields], rows


def _insert_like(model, fields, fixed, like):
    names, earlier = like
    position = {name: k for k, name in enumerate(names)}
    copied = [f for f in fields if f.attname not in fixed and f.attname in position]
    rest = [f for f in fields if f not in copied]
    if any(f.attname not in fixed for f in rest):
        raise ValueError(f"{model.__name__}: no value for {[f.attname for f in rest]}")
    # Two extra columns keep itemgetter returning a tuple even for a single copied column.
    read = itemgetter(*[position[f.attname] for f in copied], 0, 0)
    constant = tuple(fixed[f.attname] for f in rest)
    rows = [read(row)[:-2] + constant for row in earlier]
    fields = copied + rest
    insert(model, fields, rows)
    return [f.attname for f in fields], rows


class RowWriter:
    """Inserts new rows with a history row each, under USER, keeping each model's history
    model (or manager, on other databases) from one batch to the next."""

    def __init__(self, user):
        self.user = user
        self.history_managers = {}

    def create(self, model, objects):
        """Insert OBJECTS with a history row each ("+", under the importer user).

        On SQLite and PostgreSQL the rows go in with one `executemany` (SQLite) or `COPY`
        (PostgreSQL) per table, with ids reserved beforehand: from the sequence on PostgreSQL;
        on SQLite above the table's highest id ever given, read inside the write transaction
        (which the IMMEDIATE transaction mode of the settings holds from its start; in another
        mode a concurrent writer would make the insert fail, and the batch be retried, never
        overwrite a row). Django's bulk_create compiles every value of every row through the
        ORM, which cost several times more than the database work for these small rows. On
        other databases bulk_create and simple-history's bulk history insert are used as they
        are."""
        if not objects:
            return
        if connection.vendor not in ("sqlite", "postgresql"):
            # Plain rows (values.plain_row) become instances for the ORM.
            objects = [
                obj
                if isinstance(obj, model)
                else model(**{k: v for k, v in vars(obj).items() if k != "pk"})
                for obj in objects
            ]
            model.objects.bulk_create(objects)
            if model not in self.history_managers:
                self.history_managers[model] = get_history_manager_for_model(model)
            self.history_managers[model].bulk_history_create(objects, default_user=self.user)
            return
        pk = model._meta.pk
        for obj, pk_value in zip(objects, reserve_ids(model, len(objects)), strict=True):
            setattr(obj, pk.attname, pk_value)
            if hasattr(obj, "_state"):  # a model instance, not a plain row (values.plain_row)
                obj._state.adding, obj._state.db = False, connection.alias
        inserted = insert_rows(model, objects)
        if model not in self.history_managers:
            self.history_managers[model] = get_history_manager_for_model(model).model
        history = {
            "history_date": timezone.now(),
            "history_change_reason": None,
            "history_type": "+",
            "history_user_id": self.user.pk,
        }
        # Each history row repeats its object's row, converted once for both.
        insert_rows(
            self.history_managers[model], objects, fixed=history, with_pk=False, like=inserted
        )
