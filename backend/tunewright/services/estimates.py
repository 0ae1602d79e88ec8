"""How long a template takes to train on this machine: the Beginner plan for its sample data.

The Template step shows this figure before anyone has uploaded anything. It is the same plan
and the same duration model the Training step uses, computed on the sample the template ships
(its real profile, token counts from the template's own tokenizer) and this machine's measured
speed, so the number a beginner sees first is the number the plan later confirms.
"""

from __future__ import annotations

import threading
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tunewright.data import analyse_file
from tunewright.services.datasets import require_template, requirements_for, token_counter_for
from tunewright.services.runs import plan_for_profile
from tunewright.settings import Settings
from tunewright.templates import Template

_profiles: dict[tuple[str, str, Path | None], dict[str, Any]] = {}
_lock = threading.Lock()


def sample_profile(template: Template, settings: Settings) -> dict[str, Any]:
    """The profile of the template's sample, analysed once per process and model source."""
    key = (template.id, settings.model_source, settings.models_dir)
    with _lock:
        if key not in _profiles:
            sample = template.sample
            _, analysis = analyse_file(
                sample.path,
                sample.file,
                requirements_for(template, settings),
                count_tokens=token_counter_for(template, settings),
                task=template.task,
            )
            _profiles[key] = asdict(analysis.profile)
        return _profiles[key]


def estimate(settings: Settings, template_id: str) -> dict[str, Any]:
    """Expected training time of the template's sample here, and what the figure is based on."""
    template = require_template(template_id)
    profile = sample_profile(template, settings)
    plan = plan_for_profile(settings, template, profile, preset="beginner", overrides={})
    hardware = plan["hardware"]
    return {
        "template_id": template.id,
        "seconds": float(plan["estimated_seconds"]),
        "examples": int(profile["rows"]),
        "preset": plan["preset"],
        "base_model": str(plan["base_model"]["name"]),
        "device": hardware.get("accelerator") or hardware["device"],
    }
