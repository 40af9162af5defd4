"""Migration 0005 keeps every existing community member: a business member, accepted, still counted."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

MIGRATION = "community_member_person_or_business_invitations"  # its number may change at merge


def targets(executor: MigrationExecutor, registry: tuple[str, str]) -> list[tuple[str, str]]:
    """Every app at its latest migration, the registry at `registry`."""
    return [registry, *(node for node in executor.loader.graph.leaf_nodes() if node[0] != "registry")]


def test_existing_members_stay_accepted_business_members() -> None:
    executor = MigrationExecutor(connection)
    after_registry = next(n for n in executor.loader.graph.nodes if n[0] == "registry" and n[1].endswith(MIGRATION))
    (before_registry,) = (
        p.key for p in executor.loader.graph.node_map[after_registry].parents if p.key[0] == "registry"
    )
    before = targets(executor, before_registry)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Organisation = old.get_model("accounts", "Organisation")
    Community = old.get_model("registry", "Community")
    Actor = old.get_model("registry", "Actor")
    Member = old.get_model("registry", "CommunityMember")
    org = Organisation.objects.create(name="Komunitas Lama", slug="komunitas-lama", kind="community")
    community = Community.objects.create(organisation=org, name="Komunitas Lama", slug="komunitas-lama")
    actor = Actor.objects.create(name="Batik Lama", slug="batik-lama")
    Member.objects.create(community=community, actor=actor, role="chair")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    after = targets(executor, after_registry)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    rows = list(new.get_model("registry", "CommunityMember").objects.values("actor_id", "user_id", "role", "status"))
    assert rows == [{"actor_id": actor.pk, "user_id": None, "role": "chair", "status": "accepted"}]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_joined_via_says_people_accepted_an_invitation_and_businesses_were_added_by_the_leader() -> None:
    executor = MigrationExecutor(connection)
    after_registry = next(
        n for n in executor.loader.graph.nodes if n[0] == "registry" and n[1].endswith("community_member_joined_via")
    )
    (before_registry,) = (
        p.key for p in executor.loader.graph.node_map[after_registry].parents if p.key[0] == "registry"
    )
    before = targets(executor, before_registry)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Organisation = old.get_model("accounts", "Organisation")
    User = old.get_model("accounts", "User")
    Community = old.get_model("registry", "Community")
    Actor = old.get_model("registry", "Actor")
    Member = old.get_model("registry", "CommunityMember")
    org = Organisation.objects.create(name="Komunitas Lama", slug="komunitas-lama", kind="community")
    community = Community.objects.create(organisation=org, name="Komunitas Lama", slug="komunitas-lama")
    actor = Actor.objects.create(name="Batik Lama", slug="batik-lama")
    person = User.objects.create(email="warga.lama@contoh.id", full_name="Warga Lama")
    Member.objects.create(community=community, actor=actor, role="chair")
    Member.objects.create(community=community, user=person, role="member", status="accepted")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    after = targets(executor, after_registry)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    rows = set(new.get_model("registry", "CommunityMember").objects.values_list("actor_id", "user_id", "joined_via"))
    assert rows == {(actor.pk, None, "leader"), (None, person.pk, "invitation")}
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
