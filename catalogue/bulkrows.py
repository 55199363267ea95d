"""Plain bulk writes of rows the caller has already computed: an INSERT or UPDATE statement
per table, without the ORM's compiling of every value of every row.

bulk_create and bulk_update resolve expressions and convert values field by field through
the ORM; for the small rows of the kept counts and the importer's new documents that cost more
than the database's own work (bulk_update builds a CASE expression per column over every
row). These helpers take values as the database takes them (`db_values` converts the few that
need it) and send them in one go: COPY on PostgreSQL, executemany elsewhere."""

from django.db import connection

# Columns whose Python value every backend takes as it is; the others go through their field's
# get_db_prep_save (dates, times, JSON).
PLAIN_COLUMNS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}
AUTO_FIELDS = {"AutoField", "BigAutoField", "SmallAutoField"}


def insert(model, fields, rows):
    """INSERT ROWS (tuples of database values, in the order of FIELDS) into MODEL's table."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: Django's client-side binding would make the server parse one INSERT per row.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


def create(model, columns, rows):
    """INSERT ROWS (tuples of Python values of the fields named COLUMNS) into MODEL's table,
    each value converted for the database as a save would (JSON, dates)."""
    fields = [model._meta.get_field(name) for name in columns]
    insert(model, fields, db_values(fields, rows))


def create_objects(model, objects):
    """INSERT OBJECTS (unsaved instances of MODEL whose primary key is set or left to the
    database) with every concrete column."""
    fields = [
        f
        for f in model._meta.concrete_fields
        if not f.generated and not (f.primary_key and f.get_internal_type() in AUTO_FIELDS)
    ]
    rows = [tuple(getattr(obj, f.attname) for f in fields) for obj in objects]
    insert(model, fields, db_values(fields, rows))


def update(model, objects, columns):
    """Write the fields named COLUMNS of OBJECTS (instances of MODEL) by primary key: one
    UPDATE statement, sent with executemany."""
    if not objects:
        return
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in columns]
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {assignments} "
        f"WHERE {quote(model._meta.pk.column)} = %s"
    )
    rows = [(*(getattr(obj, f.attname) for f in fields), obj.pk) for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, db_values([*fields, model._meta.pk], rows))


def db_values(fields, rows):
    """ROWS with each value converted by its field for the database, where the field's type
    needs it (integers and strings go as they are)."""
    convert = [k for k, f in enumerate(fields) if f.get_internal_type() not in PLAIN_COLUMNS]
    if not convert:
        return rows
    rows = [list(row) for row in rows]
    for row in rows:
        for k in convert:
            row[k] = fields[k].get_db_prep_save(row[k], connection)
    return rows
