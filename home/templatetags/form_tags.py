"""How a form field's errors reach the person: the error summary links to the field, and the
field names its hint and error for screen readers (templates/includes/form_field.html)."""

from django import template

register = template.Library()


def _is_group(field):
    """Radio buttons and checkbox lists are a group of inputs under one legend."""
    return bool(getattr(field.field.widget, "use_fieldset", False)) and field.field.widget.input_type in {
        "radio",
        "checkbox",
    }


@register.filter
def error_target(field):
    """The id the error summary links to: the input itself, the first option of a group (its
    legend is shown with it), or, for a group with no options, the group.

    Django's `id_for_label` is empty for radio and checkbox groups, which left `href="#"` links.
    A form may send a field's errors to another field with `field.error_target = "name"` when
    the field is not on the page (the report's resident before anyone is found)."""
    other = getattr(field.field, "error_target", None)
    if other:
        return error_target(field.form[other])
    if _is_group(field):
        options = field.subwidgets
        return options[0].id_for_label if options else field.auto_id
    return field.id_for_label or field.auto_id


@register.filter
def with_colon(label):
    """A label followed by a colon, unless it ends with its own question mark or colon
    ("If you escalate: what do you recommend?"), which would read doubled."""
    text = str(label).rstrip()
    return text if text.endswith(("?", ":")) else f"{text}:"


@register.filter
def error_id(field):
    return f"{field.auto_id}_error"


@register.filter
def described_by(field):
    """The ids of the field's hint and error, in reading order, for `aria-describedby`."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    ids.extend(error_id(field) for field in _with_errors_here(field))
    return " ".join(ids)


def _with_errors_here(field):
    """The field itself if it has errors, and the fields whose errors are sent to it (error_target)."""
    errors = field.form.errors
    if not errors:
        # Asked twice for every field of the form: without errors, looking through every other
        # field each time cost a long form (the report's) a millisecond for nothing.
        return
    for name, other in field.form.fields.items():
        bound = field.form[name]
        if bound.errors and (name == field.name or getattr(other, "error_target", None) == field.name):
            yield bound


@register.simple_tag
def widget(field):
    """The field's input, described by its hint and error (Django names the hint only)."""
    attrs = {}
    if ids := described_by(field):
        attrs["aria-describedby"] = ids
    if any(_with_errors_here(field)):
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
