"""ekraf: PDRB Ekonomi Kreatif (creative-economy value added) the way BPS computes it.

Pure Python (numpy for arrays, DuckDB for large establishment files); never imports Django.
Numbers are float64; identities are checked to the tolerances in :data:`RELATIVE_TOLERANCE` and
:data:`INPUT_RELATIVE_TOLERANCE`.
"""

from ekraf._bundle import Difference, compare_outputs, reproduce, write_bundle
from ekraf._checks import align_units, check_benchmark_input, check_pdrb_input, check_price_bases
from ekraf._classification import (
    DEFAULT_MAPPING_VERSION,
    KbliConcordance,
    KbliMapping,
    LapanganUsahaStructure,
    MappingEntry,
    SubsectorList,
    convert_subsector_code,
    default_mapping,
    default_mapping_path,
    kbli_codes,
    lapangan_usaha_structure,
    load_concordance,
    load_kbli_list,
    load_mapping,
    subsector_list,
)
from ekraf._errors import ClassificationError, EkrafError, IdentityError, InputError, Issue
from ekraf._establishments import EstablishmentAggregate, EstablishmentRecord
from ekraf._frame import PRICE_BASES, TOTAL, LevelRecord, LevelTable, PdrbRecord, PdrbTable
from ekraf._identities import INPUT_RELATIVE_TOLERANCE, RELATIVE_TOLERANCE
from ekraf._indicators import IndicatorRecord, IndicatorTable, compute_indicators, top_level_denominator
from ekraf._manifest import InputFingerprint, Manifest
from ekraf._methods import SubsectorLevels, Theta, estimate_theta, extrapolate, ratio_allocation, survey_estimate
from ekraf._outputs import write_indicators_csv, write_levels_csv, write_outputs, write_theta_csv, write_xlsx
from ekraf._result import EkrafResult, Population, run_extrapolation, run_ratio, run_survey
from ekraf._spreadsheet import DEFAULT_LIMITS as DEFAULT_SPREADSHEET_LIMITS
from ekraf._spreadsheet import SpreadsheetLimits, SpreadsheetRefused, XlsxShape, inspect_xlsx
from ekraf._templates import load_population, write_templates
from ekraf._version import __version__

__all__ = [
    "DEFAULT_MAPPING_VERSION",
    "DEFAULT_SPREADSHEET_LIMITS",
    "INPUT_RELATIVE_TOLERANCE",
    "PRICE_BASES",
    "RELATIVE_TOLERANCE",
    "TOTAL",
    "ClassificationError",
    "Difference",
    "EkrafError",
    "EkrafResult",
    "EstablishmentAggregate",
    "EstablishmentRecord",
    "IdentityError",
    "IndicatorRecord",
    "IndicatorTable",
    "InputError",
    "InputFingerprint",
    "Issue",
    "KbliConcordance",
    "KbliMapping",
    "LapanganUsahaStructure",
    "LevelRecord",
    "LevelTable",
    "Manifest",
    "MappingEntry",
    "PdrbRecord",
    "PdrbTable",
    "Population",
    "SpreadsheetLimits",
    "SpreadsheetRefused",
    "SubsectorLevels",
    "SubsectorList",
    "Theta",
    "XlsxShape",
    "__version__",
    "align_units",
    "check_benchmark_input",
    "check_pdrb_input",
    "check_price_bases",
    "compare_outputs",
    "compute_indicators",
    "convert_subsector_code",
    "default_mapping",
    "default_mapping_path",
    "estimate_theta",
    "extrapolate",
    "inspect_xlsx",
    "kbli_codes",
    "lapangan_usaha_structure",
    "load_concordance",
    "load_kbli_list",
    "load_mapping",
    "load_population",
    "ratio_allocation",
    "reproduce",
    "run_extrapolation",
    "run_ratio",
    "run_survey",
    "subsector_list",
    "survey_estimate",
    "top_level_denominator",
    "write_bundle",
    "write_indicators_csv",
    "write_levels_csv",
    "write_outputs",
    "write_templates",
    "write_theta_csv",
    "write_xlsx",
]
