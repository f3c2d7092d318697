"""How the intranet's form fields are turned into HTML.

Django renders every input through templates: the report form's fifty or so inputs (radio buttons,
check boxes) are a hundred template renders on every request. Its own widget templates also
come in Jinja2, which renders them about three times faster, to the same HTML but for white
space between tags and quotes written as &#34; and &#39;, which browsers read alike. So a
widget whose templates all have a Jinja2 version (all of Django's, and the intranet's own
under an app's `jinja2/` folder) renders with Jinja2, and any other with Django's engine, as
before: the Wagtail admin's own widgets, and a choice widget whose options or parts have a
template only for Django (an option template under `templates/` is included from inside the
widget's template, so the whole widget must render in Django's language).

Jinja2 neither localises nor calls what it prints, as Django's templates do: a choice label
or attribute that is a date, a number or a callable must be made text by the form.
"""

from functools import cached_property

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class FormRenderer(BaseRenderer):
    """FORM_RENDERER: Jinja2 for a widget all of whose templates it has, Django templates otherwise."""

    @cached_property
    def _jinja2(self):
        return Jinja2()

    @cached_property
    def _django(self):
        return DjangoTemplates()

    @cached_property
    def _in_jinja2(self):
        # {template name: whether Jinja2 has it}, so that each name is looked for on disk once.
        return {}

    def _has_jinja2(self, template_name):
        found = self._in_jinja2.get(template_name)
        if found is None:
            try:
                self._jinja2.get_template(template_name)
                found = True
            except TemplateDoesNotExist:
                found = False
            self._in_jinja2[template_name] = found
        return found

    def get_template(self, template_name):
        engine = self._jinja2 if self._has_jinja2(template_name) else self._django
        return engine.get_template(template_name)

    def render(self, template_name, context, request=None):
        """The HTML of `template_name` with `context`, in Jinja2 only when Jinja2 has every
        template it includes (a choice widget's options, a multi-widget's parts)."""
        names = [template_name, *_included_templates(context)]
        engine = self._jinja2 if all(self._has_jinja2(name) for name in names) else self._django
        return engine.get_template(template_name).render(context, request=request).strip()


def _included_templates(context):
    """The templates a widget's own template includes, as Django's widgets name them in its context."""
    widget = context.get("widget") if isinstance(context, dict) else None
    return _parts_of(widget) if isinstance(widget, dict) else set()


def _parts_of(widget):
    names = set()
    for _group, options, _index in widget.get("optgroups") or ():
        names.update(option["template_name"] for option in options if "template_name" in option)
    for part in widget.get("subwidgets") or ():
        if "template_name" in part:
            names.add(part["template_name"])
        names |= _parts_of(part)
    return names
