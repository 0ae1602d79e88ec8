"""What this machine can do: cores, free memory, accelerators, bf16, a measured matmul rate."""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import psutil

BF16_MIN_SPEEDUP = 1.3  # below this, autocast overhead eats the gain


@dataclass(frozen=True)
class Hardware:
    """A snapshot the plan is computed from (tests build their own profiles)."""

    device: Literal["cpu", "cuda", "mps"]
    cpu_cores: int  # physical cores: torch threads beyond these only add contention
    total_memory_bytes: int
    free_memory_bytes: int  # RAM on CPU, device memory on a GPU
    accelerator: str | None = None  # e.g. "NVIDIA H100 80GB HBM3"
    bf16: bool = False  # supported and faster than fp32 here
    matmul_gflops: float | None = None  # measured fp32 rate on this device

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, for the plan and the run record."""
        return asdict(self)


def _cpu_has_fast_bf16() -> bool:
    # bf16 on CPU is only faster with native instructions; emulated it is slower than fp32
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


@lru_cache(maxsize=8)
def measure_matmul_gflops(
    device: str = "cpu", size: int = 1024, seconds: float = 0.3, dtype: str = "float32"
) -> float:
    """Sustained matmul rate in GFLOP/s (fp32 is the MFU denominator), measured once per process."""
    import torch

    a = torch.randn(size, size, device=device, dtype=getattr(torch, dtype))
    b = torch.randn(size, size, device=device, dtype=getattr(torch, dtype))
    torch.matmul(a, b)  # warm-up
    runs, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        torch.matmul(a, b)
        runs += 1
    if device == "cuda":
        torch.cuda.synchronize()
    elapsed = time.perf_counter() - started
    return 2 * size**3 * runs / elapsed / 1e9


def probe(measure: bool = True) -> Hardware:
    """Inspect the current machine (CUDA, then MPS, then CPU)."""
    import torch

    memory = psutil.virtual_memory()
    cores = psutil.cpu_count(logical=False) or os.cpu_count() or 1
    if torch.cuda.is_available():
        free, total = torch.cuda.mem_get_info()
        return Hardware(
            device="cuda",
            cpu_cores=cores,
            total_memory_bytes=total,
            free_memory_bytes=free,
            accelerator=torch.cuda.get_device_name(0),
            bf16=torch.cuda.is_bf16_supported(),
            matmul_gflops=measure_matmul_gflops("cuda", 4096) if measure else None,
        )
    if torch.backends.mps.is_available():
        return Hardware(
            device="mps",
            cpu_cores=cores,
            total_memory_bytes=memory.total,
            free_memory_bytes=memory.available,
            accelerator="Apple GPU (MPS)",
            bf16=False,
            matmul_gflops=None,
        )
    fp32 = measure_matmul_gflops("cpu") if measure else None
    bf16 = _cpu_has_fast_bf16()
    if bf16 and fp32 is not None:  # native support is not enough: it must actually be faster
        bf16 = measure_matmul_gflops("cpu", dtype="bfloat16") > BF16_MIN_SPEEDUP * fp32
    return Hardware(
        device="cpu",
        cpu_cores=cores,
        total_memory_bytes=memory.total,
        free_memory_bytes=memory.available,
        bf16=bf16,
        matmul_gflops=fp32,
    )
