"""Drawing many charts, in worker processes when the machine has cores to spare.

Rendering dominates a results folder's time (a co-occurrence heatmap with a thousand annotated
cells, one portrait per document, each as PNG and SVG). A chart is described by a
:class:`ChartSpec` (the chart function and its inputs, all picklable), so a worker process can
build and render it and send back only the bytes. The bytes are the same whichever process
renders them (fixed SVG hash salt, no timestamps), and the charts come back in their order.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from qualcode.errors import OutputError
from qualcode.report.charts import CHART_FORMATS, DEFAULT_DPI, render_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["MAX_AUTO_JOBS", "ChartSpec", "default_jobs", "render_charts"]

MAX_AUTO_JOBS = 4
"""``jobs=None`` uses at most this many processes (rendering many small charts gains little
from more, and each worker holds its own matplotlib)."""

# fewer charts than this are drawn in this process: starting workers would cost more
_MIN_CHARTS_FOR_WORKERS = 4


@dataclass(frozen=True)
class ChartSpec:
    """A chart to draw: ``draw(*args, **kwargs)`` returns its figure.

    Attributes:
        caption: The chart's caption (report and listing).
        draw: A module-level chart function (picklable), e.g.
            :func:`qualcode.report.charts.heatmap`.
        args: Its positional arguments (tables, profiles).
        kwargs: Its keyword arguments (codebook, language, title ...).
    """

    caption: str
    draw: Callable[..., Figure]
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    def figure(self) -> Figure:
        """Build the figure."""
        return self.draw(*self.args, **dict(self.kwargs))


def default_jobs() -> int:
    """Processes for drawing when none are asked for: the cores this process may use, at most
    :data:`MAX_AUTO_JOBS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_AUTO_JOBS))


def _render(spec: ChartSpec, formats: tuple[str, ...], dpi: int) -> dict[str, bytes]:
    figure = spec.figure()
    try:
        return render_figure(figure, formats, dpi=dpi)
    finally:
        figure.clear()  # free the artists now, not at the next collection


def _render_job(job: tuple[ChartSpec, tuple[str, ...], int]) -> dict[str, bytes]:
    return _render(*job)


def _init_worker() -> None:
    from qualcode.batch.worker import worker_signals

    worker_signals()


def render_charts(
    specs: Mapping[str, ChartSpec],
    formats: Sequence[str] = ("png", "svg"),
    *,
    dpi: int = DEFAULT_DPI,
    jobs: int | None = None,
) -> Iterator[tuple[str, ChartSpec, dict[str, bytes]]]:
    """Build and render every chart, yielding ``(name, spec, {format: bytes})`` in the order
    of ``specs``.

    Args:
        specs: Name -> chart.
        formats: ``png``, ``svg`` and/or ``pdf``.
        dpi: Resolution of raster output.
        jobs: Processes to draw in; ``None``: :func:`default_jobs`. With one, or only a few
            charts, they are drawn in this process. Worker processes are forked on Linux and
            spawned elsewhere; where no worker can be started, the charts are drawn here.

    Raises:
        OutputError: If a format is not supported.
    """
    fmts = tuple(formats)
    for fmt in fmts:
        if fmt not in CHART_FORMATS:
            raise OutputError(f"unsupported chart format {fmt!r}",
                              hint=f"use one of {', '.join(CHART_FORMATS)}")
    items = list(specs.items())
    workers = min(default_jobs() if jobs is None else max(1, jobs), len(items))
    if workers > 1 and len(items) >= _MIN_CHARTS_FOR_WORKERS:
        pool = _start_pool(workers)
        if pool is not None:
            with pool:
                rendered = pool.imap(_render_job, [(spec, fmts, dpi) for _, spec in items],
                                     chunksize=1)
                for (name, spec), result in zip(items, rendered, strict=True):
                    yield name, spec, result
            return
    for name, spec in items:
        yield name, spec, _render(spec, fmts, dpi)


def _start_pool(workers: int) -> Any:
    """A process pool whose workers have matplotlib loaded, or ``None`` where processes
    cannot be started (no semaphores in some sandboxes)."""
    import multiprocessing

    import matplotlib.figure  # noqa: F401  (forked workers inherit it instead of importing)

    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    try:
        return context.Pool(workers, initializer=_init_worker)
    except (OSError, ImportError, NotImplementedError):
        return None
