from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from security.models import OrganizationUnit

Kind = OrganizationUnit.Kind


def headquarters() -> OrganizationUnit:
    return get_object_or_404(OrganizationUnit, kind=Kind.HEADQUARTERS)


def sectors_with_station_counts() -> QuerySet[OrganizationUnit]:
    return (
        OrganizationUnit.objects.filter(kind=Kind.SECTOR)
        .annotate(
            station_count=Count("children"),
            active_station_count=Count(
                "children", filter=Q(children__status=OrganizationUnit.Status.ACTIVE)
            ),
        )
        .order_by("border_region", "name")
    )


def organization_unit(pk: int) -> OrganizationUnit:
    return get_object_or_404(OrganizationUnit.objects.select_related("parent"), pk=pk)


def stations_of(sector: OrganizationUnit) -> QuerySet[OrganizationUnit]:
    return sector.children.filter(kind=Kind.STATION).order_by("name")


def count_units() -> dict[str, int]:
    counts = OrganizationUnit.objects.aggregate(
        sectors=Count("pk", filter=Q(kind=Kind.SECTOR)),
        active_sectors=Count(
            "pk", filter=Q(kind=Kind.SECTOR, status=OrganizationUnit.Status.ACTIVE)
        ),
        stations=Count("pk", filter=Q(kind=Kind.STATION)),
    )
    return counts
