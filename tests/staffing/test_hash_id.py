import hashlib
import hmac

import pytest
from django.db import connection

from staffing import identity

KEY = "the-agency-hash-id-key-for-tests-only"
NUMBER = "123-45-6789"


@pytest.fixture
def with_key(settings):
    settings.HASH_ID_KEY = KEY


def test_the_hash_id_is_the_hmac_of_the_nine_digits(with_key):
    expected = hmac.new(KEY.encode(), b"123456789", hashlib.sha256).hexdigest()

    assert identity.derive_hash_id(NUMBER) == expected
    assert identity.derive_hash_id("123 45 6789") == expected


@pytest.mark.parametrize(
    "number",
    [
        "000-12-3456",
        "666-12-3456",
        "912-34-5678",
        "123-00-4567",
        "123-45-0000",
        "12345678",
    ],
)
def test_impossible_numbers_are_refused(with_key, number):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        identity.derive_hash_id(number)


@pytest.mark.django_db
def test_personnel_derive_it_and_the_number_is_stored_nowhere(
    with_key, people, audiences, client, caplog
):
    subject = people["subject"]
    client.force_login(audiences["personnel_here"])

    form = client.get(f"/staffing/people/{subject.pk}/edit/identity/")
    assert "Or derive the hash ID from a Social Security number" in (
        form.content.decode()
    )
    response = client.post(
        f"/staffing/people/{subject.pk}/edit/identity/",
        {"hash_id": subject.hash_id, "social_security_number": NUMBER},
    )

    assert response.status_code == 302
    subject.refresh_from_db()
    assert subject.hash_id == identity.derive_hash_id(NUMBER)
    assert NUMBER not in caplog.text and "123456789" not in caplog.text
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type IN "
            "('text', 'character varying', 'jsonb')"
        )
        columns = cursor.fetchall()
        for table, column in columns:
            # Names from the catalog above, not input.
            where = f'"{column}"::text LIKE %s'
            query = f'SELECT count(*) FROM "{table}" WHERE {where}'  # noqa: S608
            cursor.execute(
                f"{query} OR {where}",
                ["%123456789%", "%123-45-6789%"],
            )
            assert cursor.fetchone()[0] == 0, (table, column)


@pytest.mark.django_db
def test_a_bad_number_is_refused_and_not_shown_back(
    with_key, people, audiences, client
):
    client.force_login(audiences["personnel_here"])

    response = client.post(
        f"/staffing/people/{people['subject'].pk}/edit/identity/",
        {"hash_id": people["subject"].hash_id, "social_security_number": "666-12-3456"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "That is not a valid Social Security number." in page
    assert "666-12-3456" not in page
