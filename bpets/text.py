def duration_in_words(seconds: float) -> str:
    """'30 minutes', '1 hour', '8 hours', '45 seconds': for messages to people."""
    seconds = int(seconds)
    for unit, size in (("hour", 3600), ("minute", 60), ("second", 1)):
        if seconds >= size or unit == "second":
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return ""
