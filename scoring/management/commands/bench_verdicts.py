import time
from decimal import Decimal
from statistics import median

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from colleges.models import College
from institutions.commands import InstallationCommand
from scoring import assessments, schemes
from scoring.models import Assessment, IndicatorScore


class _Discard(Exception):
    """Roll the benchmark's data back."""


class Command(InstallationCommand):
    help = (
        "Time recomputing every verdict of a year for many colleges. The data is made inside a transaction "
        "that is rolled back, so any database (even the live one) is left as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("--colleges", type=int, default=3000)
        parser.add_argument("--runs", type=int, default=5)

    def handle(self, *args, colleges, runs, **options):
        try:
            with transaction.atomic():
                self.run(colleges, runs)
                raise _Discard
        except _Discard:
            pass

    def run(self, count, runs):
        year = 1900 + (int(time.time()) % 90)  # a year no real scheme uses
        source, _ = schemes.load_scheme_file()
        scheme = schemes.copy_scheme(source, year) if source.year != year else source
        started = time.perf_counter()
        made = College.objects.bulk_create(
            [
                College(
                    institution=scheme.institution,
                    code=f"bench{n}",
                    name=f"基准学院{n}",
                    short_name=f"基准{n}",
                    order=n,
                )
                for n in range(count)
            ]
        )
        assessments.ensure_assessments(scheme, made)
        specs = {i.pk: i for i in schemes.scored_indicators(scheme)}
        scores = list(IndicatorScore.objects.filter(assessment__scheme=scheme))
        for n, score in enumerate(scores):
            maximum = specs[score.indicator_id].max_points
            score.final_score = maximum if n % 7 else (maximum * Decimal("0.6")).quantize(Decimal("0.01"))
            score.self_score = score.final_score
        IndicatorScore.objects.bulk_update(scores, ["final_score", "self_score"], batch_size=5000)
        setup = time.perf_counter() - started

        full, steady = self.measure(scheme, runs, reset=True), self.measure(scheme, runs, reset=False)
        balanced = Assessment.objects.filter(scheme=scheme, balanced=True).count()
        vendor = connection.vendor
        self.stdout.write(f"database={vendor} colleges={count} scores={len(scores)} setup_s={setup:.2f}")
        for label, (timings, queries, computed) in (("every_verdict_written", full), ("nothing_changed", steady)):
            self.stdout.write(
                f"recompute_all_verdicts[{label}]: runs={runs} median_s={median(timings):.3f} "
                f"max_s={max(timings):.3f} queries={queries} computed={computed} balanced={balanced}"
            )

    def measure(self, scheme, runs, *, reset):
        timings, queries, computed = [], 0, 0
        for _ in range(runs):
            if reset:
                # Forget every stored verdict, so that the recompute has to write each one again.
                Assessment.objects.filter(scheme=scheme).update(final_total=0, balanced=False, key_short=[])
            with CaptureQueriesContext(connection) as captured:
                begun = time.perf_counter()
                computed = assessments.recompute_scheme(scheme)
                timings.append(time.perf_counter() - begun)
            queries = len(captured)
        return timings, queries, computed
