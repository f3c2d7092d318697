"""How the intranet's form fields are turned into HTML.

Django renders every input through templates: the report form's forty-odd radio buttons and
check boxes are a hundred template renders on every request. Its own widget templates also
come in Jinja2, which renders them several times faster, to the same HTML. So the widgets
that have a Jinja2 template (all of Django's, and the intranet's own under an app's
`jinja2/` folder) render with Jinja2, and those that exist only as Django templates (the
Wagtail admin's) render with Django's engine, as before.
"""

from functools import cached_property

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class FormRenderer(BaseRenderer):
    """FORM_RENDERER: Jinja2 where a widget has a Jinja2 template, Django templates otherwise."""

    @cached_property
    def _jinja2(self):
        return Jinja2()

    @cached_property
    def _django(self):
        return DjangoTemplates()

    @cached_property
    def _django_only(self):
        # Names Jinja2 has no template for, so that each is looked for on disk once only.
        return set()

    def get_template(self, template_name):
        if template_name not in self._django_only:
            try:
                return self._jinja2.get_template(template_name)
            except TemplateDoesNotExist:
                self._django_only.add(template_name)
        return self._django.get_template(template_name)
