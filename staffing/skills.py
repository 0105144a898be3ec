"""The special skills the agency lists, as shipped: (code, name, takes detail)."""

CATALOG = (
    ("all-terrain-vehicles", "All-terrain vehicles", False),
    ("backscatter-van", "Backscatter van", False),
    ("baton-instructor", "Baton instructor", False),
    ("bike-patrol", "Bike patrol", False),
    ("boat-handler", "Boat handler", False),
    ("boat-instructor", "Boat instructor", False),
    ("borstar", "BORSTAR (search, trauma and rescue)", False),
    ("bortac", "BORTAC (tactical unit)", False),
    ("bus-licence", "Bus licence", False),
    ("canine-handler", "Canine handler", False),
    ("chaplain", "Chaplain", False),
    ("class-b-licence", "Class B driver's licence", False),
    ("commercial-licence", "Commercial driver's licence", False),
    ("confined-spaces", "Confined spaces", False),
    ("critical-incident-team", "Critical incident team", False),
    ("designated-marksman", "Designated marksman", False),
    ("driving-instructor", "Driving instructor", False),
    ("emt", "Emergency medical technician", False),
    ("explorers", "Explorers (youth programme)", False),
    ("firearms-instructor", "Firearms instructor", False),
    ("honor-guard", "Honor guard", False),
    ("horse-patrol", "Horse patrol", False),
    ("intelligence", "Intelligence", False),
    ("language", "Language", True),
    ("law-instructor", "Law instructor", False),
    ("mobile-response-team", "Mobile response team", False),
    ("mobile-surveillance", "Mobile surveillance", False),
    ("oc-spray-instructor", "OC spray instructor", False),
    ("peer-support", "Peer support", False),
    ("pepper-ball", "Pepper-ball", False),
    ("pt-instructor", "Physical training instructor", False),
    ("pursuit-intervention", "Pursuit intervention", False),
    ("radiation-isotope-identification", "Radiation isotope identification", False),
    ("recruitment", "Recruitment", False),
    ("scope", "Scope (infrared scope operator)", False),
    ("sensor-installation", "Sensor installation", False),
    ("sign-cutting", "Sign cutting", False),
    ("snow-and-snowmobile", "Snow and snowmobile", False),
    ("spanish-instructor", "Spanish instructor", False),
    ("special-response-team", "Special response team", False),
    ("union-steward", "Union steward", False),
    ("vehicle-maintenance", "Vehicle maintenance", False),
    ("welding", "Welding", False),
    ("agency-system", "Agency system trained on", True),
)


def sync_catalog(**kwargs) -> None:
    """Make the Skill table hold the catalog; connected to post_migrate.

    Django sends post_migrate after every migrate and every flush, so the
    catalog is there on a new database, after an upgrade and in tests.
    """
    from staffing.models import Skill

    for code, name, takes_detail in CATALOG:
        Skill.objects.update_or_create(
            code=code, defaults={"name": name, "takes_detail": takes_detail}
        )
