import pytest

from egide.core.tenancy import TenantModel, TenantQuerySet, UnscopedQueryError


def test_tenant_model_is_abstract_with_scoped_manager():
    assert TenantModel._meta.abstract
    (manager,) = TenantModel._meta.local_managers
    assert issubclass(manager._queryset_class, TenantQuerySet)


@pytest.mark.django_db
def test_unscoped_evaluation_raises_and_scoped_runs(organisation):
    from egide.accounts.models import Organisation

    # A bare TenantQuerySet over any model behaves the same way; Organisation stands in for a tenant model.
    qs = TenantQuerySet(model=Organisation)
    with pytest.raises(UnscopedQueryError):
        list(qs)
    with pytest.raises(UnscopedQueryError):
        qs.count()
    assert list(qs.all_organisations_unscoped()) == [organisation]
