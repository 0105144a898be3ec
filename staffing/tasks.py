from celery import shared_task


@shared_task
def push_directory() -> dict[str, int]:
    """Send the telephone directory what is due; beat runs it every minute,
    and a change asks for it as soon as it commits. Running it twice sends
    nothing twice: a message sent is marked sent in the same transaction."""
    from staffing import directory_delivery

    return directory_delivery.push_due().as_dict()
