"""The template catalog: data in `catalog.json`, typed and validated on load."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter

from tunewright.base_models import context_length
from tunewright.data.types import DataRequirements, Shape, TaskKind

CATALOG_FILE = Path(__file__).with_name("catalog.json")
SAMPLES_DIR = Path(__file__).with_name("samples")


Preset = Literal["beginner", "intermediate", "advanced"]


class PresetSpec(BaseModel):
    """How much a preset shows, and what it changes in the automatic plan."""

    id: Preset
    name: str
    description: str
    visible_settings: list[str]  # settings the Training step shows under "Advanced settings"
    defaults: dict[str, Any]  # applied on top of the plan, below the user's overrides


class GenerationDefaults(BaseModel):
    temperature: float
    top_p: float
    top_k: int
    max_new_tokens: int
    repetition_penalty: float


class PhaseExplanations(BaseModel):
    preparing: str
    training: str
    evaluating: str


class SampleDataset(BaseModel):
    """A small dataset shipped with the template, so a first-timer can try it without a file."""

    file: str  # inside templates/samples/
    name: str
    description: str

    @property
    def path(self) -> Path:
        """Where the sample file lives in the installed package."""
        return SAMPLES_DIR / self.file


class Template(BaseModel):
    """One use case: what it is for, what data it wants, which model it starts from."""

    id: str
    name: str
    description: str
    task: TaskKind
    data_shape: str
    accepted_shapes: list[Shape]
    example_rows: list[dict[str, Any]]
    min_examples: int
    recommended_examples: int
    sample: SampleDataset
    default_model: str
    alternative_models: list[str]
    presets: list[PresetSpec]
    generation_defaults: GenerationDefaults | None
    sample_prompts: list[str]
    phase_explanations: PhaseExplanations

    def preset(self, preset_id: str) -> PresetSpec:
        """The preset with this id; ValueError lists the valid ones."""
        for preset in self.presets:
            if preset.id == preset_id:
                return preset
        raise ValueError(f"preset must be one of {[p.id for p in self.presets]}; got {preset_id!r}")

    def requirements(self) -> DataRequirements:
        """What ingestion checks data against for this template."""
        return DataRequirements(
            task=self.task,
            min_examples=self.min_examples,
            recommended_examples=self.recommended_examples,
            max_tokens=context_length(self.default_model),
            tokenizer_name=None if self.task == "tabular" else self.default_model,
        )


@lru_cache
def catalog() -> dict[str, Template]:
    """All templates by id, in display order."""
    raw = TypeAdapter(list[Template]).validate_json(CATALOG_FILE.read_bytes())
    return {template.id: template for template in raw}


def get_template(template_id: str) -> Template:
    """The template with this id; KeyError lists the valid ids."""
    try:
        return catalog()[template_id]
    except KeyError:
        raise KeyError(
            f"unknown template {template_id!r}; choose one of {sorted(catalog())}"
        ) from None
