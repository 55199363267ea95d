"""Parsed data to model field values: what a document's fields and related rows become."""


def clip(value, model, field_name):
    """Cut a parsed string to its column's length (PostgreSQL refuses longer values)."""
    value = value or ""
    limit = model._meta.get_field(field_name).max_length
    return value[:limit] if limit else value
