"""Concord's settings plus one bare-insert endpoint, for the intake benchmark's baseline.

Same middleware, same database settings, same everything: only the URL map differs
(bench.baseline_urls adds ``/bench/insert`` to the project's own routes).
"""

from concord.settings import *  # noqa: F403

ROOT_URLCONF = "bench.baseline_urls"
