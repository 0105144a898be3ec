"""The national catalog of activities and sub-activities, as shipped.

The activities are those the agency names publicly for its agents (CBP's
Border Patrol Agent job description; GAO-05-435 for checkpoints); the
agency's own code tables are not public, so the codes here are the
product's. Stations add their own beside these; the catalog itself
changes only with the product.
"""

# code: (name, enforcement?, ((sub-activity code, name), ...))
ACTIVITIES = {
    "patrol-border": (
        "Patrol border",
        True,
        (
            ("linewatch", "Linewatch"),
            ("sign-cutting", "Sign cutting"),
            ("traffic-check", "Traffic check (checkpoint)"),
            ("traffic-observation", "Traffic observation"),
            ("transportation-check", "Transportation check"),
            ("city-patrol", "City patrol"),
            ("farm-and-ranch-check", "Farm and ranch check"),
            ("sensor-response", "Sensor response"),
        ),
    ),
    "specialty-patrol": (
        "Specialty patrol",
        True,
        (
            ("canine", "Canine"),
            ("horse-patrol", "Horse patrol"),
            ("bike-patrol", "Bike patrol"),
            ("atv", "All-terrain vehicle"),
            ("snowmobile", "Snowmobile"),
            ("marine", "Marine"),
            ("borstar", "BORSTAR (search, trauma and rescue)"),
            ("bortac", "BORTAC (tactical unit)"),
        ),
    ),
    "anti-smuggling": (
        "Anti-smuggling",
        True,
        (
            ("interdiction", "Interdiction"),
            ("investigation-support", "Investigation support"),
        ),
    ),
    "intelligence": (
        "Intelligence",
        True,
        (("field-intelligence", "Field intelligence"), ("analysis", "Analysis")),
    ),
    "processing": (
        "Processing",
        True,
        (
            ("processing", "Processing in custody"),
            ("transport", "Transport of persons in custody"),
        ),
    ),
    "training": (
        "Training",
        False,
        (
            ("firearms", "Firearms qualification"),
            ("advanced-training", "Advanced training"),
            ("post-academy", "Post-academy"),
            ("annual-training", "Annual mandatory training"),
        ),
    ),
    "administrative": (
        "Administrative",
        False,
        (
            ("station-duties", "Station duties"),
            ("court", "Court appearance"),
            ("vehicle-maintenance", "Vehicle maintenance"),
            ("supervision", "Supervision"),
        ),
    ),
}


def sync_catalog(**kwargs) -> None:
    """Make the national rows hold the catalog; connected to post_migrate.

    Rows the catalog no longer lists are marked inactive, never deleted:
    schedules point at them.
    """
    from scheduling.models import Activity, SubActivity

    for code, (name, enforcement, subs) in ACTIVITIES.items():
        activity, _ = Activity.objects.update_or_create(
            code=code,
            station=None,
            defaults={"name": name, "is_enforcement": enforcement, "is_active": True},
        )
        for sub_code, sub_name in subs:
            SubActivity.objects.update_or_create(
                activity=activity,
                code=sub_code,
                station=None,
                defaults={"name": sub_name, "is_active": True},
            )
        activity.sub_activities.filter(station=None).exclude(
            code__in=[sub_code for sub_code, _ in subs]
        ).update(is_active=False)
    Activity.objects.filter(station=None).exclude(code__in=ACTIVITIES).update(
        is_active=False
    )
