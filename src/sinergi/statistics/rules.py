"""Named permissions of the statistics workspace; walked role × state in tests/statistics/test_rules.py.

Analysts (analyst, head, admin of an office that produces the statistics, `Organisation.produces_statistics`)
prepare; its heads of division (head, admin) approve, but
never a publication they prepared themselves (four eyes: `services.publication_approve` enforces it for
superusers too, whom Django's permission backend allows everything).
A head of another office (the registry office, say) has no power here.
Nobody edits a published publication: a revision is a new publication that supersedes it.
"""

from __future__ import annotations

import rules

from sinergi.accounts.predicates import statistics_analyst, statistics_head
from sinergi.accounts.typing import AnyUser

from .models import PUBLIC_STATUSES, Publication, PublicationStatus


@rules.predicate
def publication_is_public(user: AnyUser, publication: Publication | None) -> bool:
    return publication is not None and publication.status in PUBLIC_STATUSES


@rules.predicate
def publication_is_draft(user: AnyUser, publication: Publication | None) -> bool:
    return publication is not None and publication.status == PublicationStatus.DRAFT


@rules.predicate
def publication_in_review(user: AnyUser, publication: Publication | None) -> bool:
    return publication is not None and publication.status == PublicationStatus.IN_REVIEW


@rules.predicate
def publication_is_published(user: AnyUser, publication: Publication | None) -> bool:
    return publication is not None and publication.status == PublicationStatus.PUBLISHED


def is_preparer(user: AnyUser, publication: Publication) -> bool:
    """Who prepared a publication never approves it (four eyes)."""
    return publication.prepared_by_id is not None and publication.prepared_by_id == getattr(user, "pk", None)


@rules.predicate
def prepared_by_someone_else(user: AnyUser, publication: Publication | None) -> bool:
    return publication is not None and not is_preparer(user, publication)


analyst = statistics_analyst
head = statistics_head

rules.add_perm("statistics.use_workspace", analyst)
rules.add_perm("statistics.view_deliveries", analyst)  # what a publication's notifications told whom
rules.add_perm("statistics.upload_dataset", analyst)
rules.add_perm("statistics.start_run", analyst)
rules.add_perm("statistics.view_run", analyst)
rules.add_perm("statistics.prepare_publication", analyst)
rules.add_perm("statistics.view_publication", publication_is_public | analyst)
rules.add_perm("statistics.submit_publication", analyst & publication_is_draft)
rules.add_perm("statistics.comment_publication", analyst & (publication_is_draft | publication_in_review))
rules.add_perm("statistics.review_publications", head)  # the list of publications awaiting approval
rules.add_perm("statistics.approve_publication", head & publication_in_review & prepared_by_someone_else)
rules.add_perm("statistics.return_publication", head & publication_in_review)
rules.add_perm("statistics.revise_publication", analyst & publication_is_published)
