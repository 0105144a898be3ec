import pytest

from bpets.text import duration_in_words


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (45, "45 seconds"),
        (60, "1 minute"),
        (1800, "30 minutes"),
        (3600, "1 hour"),
        (28800, "8 hours"),
        (1, "1 second"),
    ],
)
def test_durations_read_as_words(seconds, words):
    assert duration_in_words(seconds) == words
