"""Seeded content must be there in every test, also after a transactional test flushed the db."""

import pytest
from django.contrib.auth.models import Group


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_that_flushes_the_database():
    Group.objects.create(name="tijdelijk")


@pytest.mark.django_db(transaction=True)
def test_the_next_transactional_test_still_has_the_seeded_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Crisisteamlid",
        "VIC-medewerker",
        "Bestuurder",
    }
    assert not Group.objects.filter(name="tijdelijk").exists()
