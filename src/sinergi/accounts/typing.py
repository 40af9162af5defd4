"""Type names for the person a permission, a menu or a read is about.

`rules` calls every predicate with whatever user object Django's auth gives it: a signed-in `User` or an
`AnonymousUser` visitor. Predicates, selectors and menus take `AnyUser`; services take the person acting
as `by: User` (a visitor never acts). Base apps below accounts (core, notifications) name it under
`TYPE_CHECKING` only.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from .models import User

AnyUser: TypeAlias = User | AnonymousUser
