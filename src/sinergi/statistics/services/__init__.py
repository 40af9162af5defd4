"""Writes of statistics, one module per aggregate; every service is importable from here.

Datasets, runs (and what they compute), publications and their review. Each checks its named permission,
is atomic and writes one audit entry. A failed run never touches a publication.
"""

from sinergi.core.errors import ServiceError  # what they raise, as callers have always named it here

from .computation import run_result, run_write_bundle, runs_without_bundle
from .datasets import (
    ALLOWED_SUFFIXES,
    dataset_delete,
    dataset_from_registry,
    dataset_retry,
    dataset_set_note,
    dataset_upload,
    dataset_validate,
    datasets_fail_interrupted,
)
from .publications import publication_prepare, publications_prepare_regions
from .review import (
    awaits_other_approver,
    may_approve,
    publication_approve,
    publication_comment,
    publication_return,
    publication_submit,
)
from .runs import METHOD_INPUTS, run_create, run_execute, run_retry, runs_fail_interrupted

__all__ = [
    "ALLOWED_SUFFIXES",
    "METHOD_INPUTS",
    "ServiceError",
    "awaits_other_approver",
    "dataset_delete",
    "dataset_from_registry",
    "dataset_retry",
    "dataset_set_note",
    "dataset_upload",
    "dataset_validate",
    "datasets_fail_interrupted",
    "may_approve",
    "publication_approve",
    "publication_comment",
    "publication_prepare",
    "publication_return",
    "publication_submit",
    "publications_prepare_regions",
    "run_create",
    "run_execute",
    "run_result",
    "run_retry",
    "run_write_bundle",
    "runs_fail_interrupted",
    "runs_without_bundle",
]
