"""gunicorn's settings for the intranet (the README's production command uses them):

    gunicorn --config intranet/gunicorn.conf.py

--bind and --workers on the command line still win over the defaults here.
"""

import gc
import os

wsgi_app = "intranet.wsgi"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))


def post_worker_init(worker):
    """Once a worker has loaded Django, Wagtail and the intranet, move everything it holds
    into the permanent generation: the collector's full passes then skip those hundreds of
    thousands of objects (modules, models, URL patterns, templates) that live as long as
    the process, and the pause they add to a request that happens to trigger one goes away."""
    gc.freeze()
