"""Named permissions of federation. Harvesting on demand is for the office that answers for the
statistics the province publishes (its heads) and administrators; sources are set in the admin."""

from __future__ import annotations

import rules

from sinergi.accounts.predicates import statistics_head

rules.add_perm("federation.harvest_sources", statistics_head)
