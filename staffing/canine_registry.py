"""The canines on file, by identifier, for the statistical reports above
staffing: where each is stationed, never who handles it."""

from staffing.models import Canine


def stations_of(identifiers) -> dict[str, str]:
    """identifier (upper case) -> the name of the canine's station."""
    return {
        identifier.upper(): station
        for identifier, station in Canine.objects.filter(
            identifier__in={text.upper() for text in identifiers} | set(identifiers)
        ).values_list("identifier", "station__name")
    }
