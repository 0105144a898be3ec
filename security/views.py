from itertools import groupby

from django.shortcuts import redirect
from django.views.generic import TemplateView

from bpets.views import ModuleLandingView
from security import policies, selectors
from security.models import OrganizationUnit


class SecurityLandingView(ModuleLandingView):
    app_label = "security"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_access_administrator"] = policies.is_access_administrator(
            self.request.user
        )
        context["is_security_auditor"] = policies.is_security_auditor(self.request.user)
        context["is_records_administrator"] = policies.is_records_administrator(
            self.request.user
        )
        return context


# The order the agency reports its borders in.
REGION_ORDER = ["Southwest", "Northern", "Coastal"]


def _region_rank(sector: OrganizationUnit) -> tuple[int, str]:
    region = sector.border_region
    rank = REGION_ORDER.index(region) if region in REGION_ORDER else len(REGION_ORDER)
    return rank, region


class OrganizationView(TemplateView):
    """Headquarters and its sectors, grouped by border region."""

    template_name = "security/organization.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sectors = sorted(selectors.sectors_with_station_counts(), key=_region_rank)
        context["headquarters"] = selectors.headquarters()
        context["regions"] = [
            (region or "Other", list(members))
            for region, members in groupby(sectors, key=lambda s: s.border_region)
        ]
        context["active_sector_total"] = sum(
            sector.status == OrganizationUnit.Status.ACTIVE for sector in sectors
        )
        context["station_total"] = sum(sector.station_count for sector in sectors)
        return context


class OrganizationUnitView(TemplateView):
    """A sector with its stations, or one station."""

    def get_template_names(self):
        if self.unit.kind == OrganizationUnit.Kind.STATION:
            return ["security/station.html"]
        return ["security/sector.html"]

    def get(self, request, *args, **kwargs):
        self.unit = selectors.organization_unit(kwargs["pk"])
        if self.unit.kind == OrganizationUnit.Kind.HEADQUARTERS:
            return redirect("security:organization")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unit"] = self.unit
        if self.unit.kind == OrganizationUnit.Kind.SECTOR:
            context["stations"] = selectors.stations_of(self.unit)
        return context
