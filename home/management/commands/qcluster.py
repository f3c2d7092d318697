"""`manage.py qcluster`: django-q2's task worker, stopped cleanly by SIGTERM to its whole group.

django-q2 1.11 stops when its main process gets SIGTERM or SIGINT: it sets an event that its
sentinel process waits on, and waits for the sentinel to stop the workers. The sentinel itself
takes SIGTERM's default action, though. When the signal reaches every process of the group at
once, as a service manager or a terminal sends it, the sentinel dies inside that wait, and the
main process blocks for ever in setting the event (multiprocessing's condition waits for the
dead sleeper to acknowledge). No Q_CLUSTER setting changes that.

So this command keeps the cluster in a process group of its own, where a signal to this
command's group does not reach it, and passes the signal on to the cluster's main process
only: it then stops as it does when signalled alone. Whatever is still running after
TASK_WORKER_STOP_SECONDS is killed (an email cut off mid-send is given up on, not sent twice:
home.notifications).
"""

import argparse
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django_q.management.commands.qcluster import Command as ClusterCommand

SUPERVISED = "--in-own-process-group"


class Command(ClusterCommand):
    help = "Starts the task worker (django-q2's cluster); SIGTERM or Ctrl-C stops it within seconds."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(SUPERVISED, action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        if options[SUPERVISED.lstrip("-").replace("-", "_")]:
            return super().handle(*args, **options)
        return self.supervise(options)

    def supervise(self, options):
        """Run the cluster as a child in its own process group until a signal, then stop it.
        Returns when the cluster has exited; raises SystemExit with its exit code."""
        command = [sys.executable, sys.argv[0], "qcluster", SUPERVISED]
        if options.get("run_once"):
            command.append("--run-once")
        if options.get("cluster_name"):
            command += ["--name", options["cluster_name"]]
        cluster = subprocess.Popen(command, start_new_session=True)  # noqa: S603
        stopping = []

        def stop(signum, frame):
            if not stopping:
                stopping.append(time.monotonic())
                cluster.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGHUP, stop)
        while cluster.poll() is None:
            if stopping and time.monotonic() - stopping[0] > settings.TASK_WORKER_STOP_SECONDS:
                self.stderr.write("The task worker did not stop in time: stopping it now.")
                _kill_group(cluster.pid)
                cluster.wait()
                break
            time.sleep(0.1)
        # Its workers, if any were left behind by the cluster itself.
        _kill_group(cluster.pid)
        raise SystemExit(0 if stopping else cluster.returncode)


def _kill_group(pgid):
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass
