from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "concord.accounts"
    verbose_name = _("Units and staff")

    def ready(self) -> None:
        from django.contrib.auth.models import User

        from concord.accounts.models import Membership, Unit
        from concord.refcache import watch, watch_m2m

        watch(Unit)
        watch_m2m(Unit.categories.through, as_model=Unit)
        watch(Membership)
        # Who is active matters to routing; a login (it saves last_login only) does not.
        watch(User, unread_fields=frozenset({"last_login"}))
