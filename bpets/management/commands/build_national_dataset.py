import time

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from bpets import national


class Command(BaseCommand):
    help = (
        "Build the synthetic national data set (20,000 invented people over the "
        "real organization tree, their schedules, timesheets, vehicles, audit "
        "events and a statistical snapshot) into an empty database, for the "
        "benchmarks. Deterministic for a seed; --scale builds a smaller nation."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=national.DEFAULT_SEED)
        parser.add_argument(
            "--scale", type=float, default=1.0, help="1.0 is the whole nation"
        )
        parser.add_argument(
            "--history-pay-periods",
            type=int,
            default=national.HISTORY_PAY_PERIODS,
            help="pay periods of schedules and timesheets for the one sector",
        )

    def handle(self, *args, seed, scale, history_pay_periods, **options):
        if not 0 < scale <= 1:
            raise CommandError("--scale runs from more than 0 to 1.")
        if history_pay_periods < national.NATION_PAY_PERIODS:
            raise CommandError(
                f"--history-pay-periods is at least {national.NATION_PAY_PERIODS}."
            )
        problem = national.not_ready()
        if problem:
            raise CommandError(problem)

        started = time.perf_counter()
        # Millions of statements: with DEBUG on (development mode), Django
        # would format and keep the text of each one.
        with override_settings(DEBUG=False):
            nation = national.build(
                seed=seed,
                scale=scale,
                say=self.stdout.write,
                history_periods=history_pay_periods,
            )
        elapsed = time.perf_counter() - started
        for name, count in nation.counts.items():
            self.stdout.write(f"  {name}: {count}")
        self.stdout.write(
            f"National data set (seed {seed}, scale {scale}) built in {elapsed:.0f} s; "
            f"logins nation-NNNNN, password: {national.PASSWORD}"
        )
