"""The demo residents' protected characteristics, loaded as the housing system's CSV would load
them (casework.services.residents_import), so the equality figures have something to show.
Loading it again changes nothing."""

import csv
import io

from . import equality
from .demo import demo_customers
from .services.residents_import import import_residents


def _answer(choices, number, step):
    """A fixed answer per resident, "not known" and "prefer not to say" included."""
    return choices[(number * step) % len(choices)][0]


def demo_file():
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["reference", "name", *equality.FIELD_NAMES])
    for number, resident in enumerate(demo_customers(), start=1):
        answers = [_answer(choices, number, step) for step, (_, _, choices) in enumerate(equality.CHARACTERISTICS, 3)]
        writer.writerow([resident["reference"], resident["name"], *answers])
    return out.getvalue()


def load(stdout=None):
    report = import_residents(demo_file())
    if stdout:
        stdout.write(f"Demo residents' equality characteristics: {report.summary()}.")
