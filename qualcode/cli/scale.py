"""Options shared by the commands that scale out: worker processes, a cache, a Dask cluster."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["ENGINES", "CacheOpt", "EngineOpt", "JobsOpt", "SchedulerOpt", "check_engine"]

ENGINES = ("local", "dask")

JobsOpt = Annotated[
    int, typer.Option("--jobs", "-j", min=1, help="Worker processes that code files in "
                      "parallel (output identical to --jobs 1).")
]
CacheOpt = Annotated[
    Path | None, typer.Option("--cache", help="Folder of cached results: re-coding redoes only "
                              "changed documents and changed codes.")
]
EngineOpt = Annotated[
    str, typer.Option("--engine", help="local (this machine) or dask (a Dask cluster; writes "
                      "Parquet).")
]
SchedulerOpt = Annotated[
    str | None, typer.Option("--scheduler", help="With --engine dask: the scheduler address "
                             "(tcp://host:8786); none starts a local cluster.")
]


def check_engine(engine: str, scheduler: str | None) -> None:
    """Reject an unknown engine, and --scheduler without --engine dask.

    Raises:
        typer.BadParameter: With the valid choices.
    """
    if engine not in ENGINES:
        raise typer.BadParameter(f"unknown engine {engine!r}; choose one of "
                                 f"{', '.join(ENGINES)}", param_hint="--engine")
    if scheduler is not None and engine != "dask":
        raise typer.BadParameter("--scheduler needs --engine dask", param_hint="--scheduler")
