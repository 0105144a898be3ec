from django.core.management.base import CommandError
from django.utils import timezone

from scheduling import pay_periods, services
from security.commands import AuditedCommand
from timesheet import leave_services


class Command(AuditedCommand):
    help = (
        "Credit every active employee with a pay period's leave (annual, sick; "
        "the year-end forfeit and the fiscal year's military leave where due). "
        "Safe to run again: what was credited is not credited twice. Without "
        "--pay-period, the pay period that ended last."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--pay-period",
            metavar="YYYY-NN",
            help="The pay period by year and number, for example 2026-03.",
        )

    def handle(self, *args, **options):
        text = options["pay_period"]
        if text is None:
            current = pay_periods.containing(timezone.localdate())
            ended = pay_periods.containing(current.start - pay_periods.LENGTH)
            year, number = ended.year, ended.number
        else:
            try:
                year, number = (int(part) for part in text.split("-"))
            except ValueError:
                raise CommandError(f"{text!r} is not a pay period (YYYY-NN).") from None
        try:
            pay_periods.numbered(year, number)
        except ValueError as error:
            raise CommandError(str(error)) from None
        services.ensure_pay_periods(year)
        row = services.numbered_pay_period_row(year, number)
        written = leave_services.accrue_pay_period(row)
        self.stdout.write(f"PP {number:02d}/{year}: {written} leave rows written.")
