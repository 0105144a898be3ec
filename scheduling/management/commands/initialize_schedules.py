from django.core.management.base import CommandError

from scheduling import initialization, services
from scheduling.models import InitializationRun
from security.commands import AuditedCommand
from security.models import OrganizationUnit


class Command(AuditedCommand):
    help = (
        "Initialize G-259s from the schedule defaults now. Without options, do "
        "what the daily job does: the current pay period and the next one at "
        "the stations where it is due. With --pay-period, that pay period at "
        "every station (or those named with --station)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--pay-period",
            metavar="YYYY-NN",
            help="The pay period by year and number, for example 2026-03.",
        )
        parser.add_argument(
            "--station",
            action="append",
            default=[],
            metavar="SECTOR/STATION",
            help="A station by sector code and name, e.g. TCA/Nogales; repeatable.",
        )

    def handle(self, *args, **options):
        if options["pay_period"] is None:
            if options["station"]:
                raise CommandError("--station needs --pay-period.")
            runs = [initialization.carry_out(run) for run in initialization.start_due()]
        else:
            pay_period = self._pay_period(options["pay_period"])
            stations = self._stations(options["station"])
            run = initialization.start(pay_period, stations)
            runs = [initialization.carry_out(InitializationRun.objects.get(pk=run.pk))]

        for run in runs:
            self.stdout.write(
                f"{run.pay_period}: {run.stations_done} stations, "
                f"{run.rows_created} rows and {run.cells_created} cells added."
            )
            for station, error in run.errors.items():
                self.stderr.write(f"  station {station} failed: {error}")
        if any(run.errors for run in runs):
            raise CommandError("Some stations could not be initialized (above).")

    def _pay_period(self, text):
        try:
            year, number = (int(part) for part in text.split("-"))
            return services.numbered_pay_period_row(year, number)
        except (ValueError, LookupError) as error:
            raise CommandError(
                f"{text!r} is not a pay period (YYYY-NN): {error}"
            ) from None

    def _stations(self, names):
        stations = OrganizationUnit.objects.filter(kind=OrganizationUnit.Kind.STATION)
        if not names:
            return list(stations)
        found = []
        for name in names:
            sector, _, station = name.partition("/")
            match = stations.filter(parent__code=sector, name=station).first()
            if match is None:
                raise CommandError(f"No station {name!r} (SECTOR/STATION).")
            found.append(match)
        return found
