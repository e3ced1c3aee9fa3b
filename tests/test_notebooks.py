"""The notebooks in ``notebooks/`` run from top to bottom without an error.

Each notebook runs in a fresh kernel with ``notebooks/`` as its working directory, as a reader
would run it. The kernel is started from a kernel spec written into a temporary folder that
points at this interpreter, so the test neither needs an installed ``python3`` kernel spec nor
picks up one that belongs to another Python.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from ipykernel.kernelspec import write_kernel_spec
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
EXPECTED = ("01-replicate-study.ipynb", "02-build-your-own-codebook.ipynb",
            "03-export-theme-tables.ipynb")
CELL_TIMEOUT = 120  # seconds per cell; the three notebooks take about 20 s together
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_the_replication_notebooks_exist() -> None:
    assert [p.name for p in PATHS] == list(EXPECTED)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.execution_count is None, cell.source[:60]
            assert cell.outputs == [], cell.source[:60]


@pytest.fixture(scope="module")
def kernel_specs(tmp_path_factory: pytest.TempPathFactory) -> KernelSpecManager:
    """A kernel spec manager that knows only ``python3`` = this interpreter with ipykernel."""
    folder = tmp_path_factory.mktemp("kernels")
    write_kernel_spec(folder / "python3")
    return KernelSpecManager(kernel_dirs=[str(folder)])


@pytest.mark.slow
@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_notebook_runs_without_errors(path: Path, kernel_specs: KernelSpecManager) -> None:
    spec = kernel_specs.get_kernel_spec("python3")
    assert spec.argv[0] == sys.executable
    before = sorted(p.name for p in NOTEBOOKS.iterdir())
    notebook = nbformat.read(path, as_version=4)
    manager = AsyncKernelManager(kernel_name="python3", kernel_spec_manager=kernel_specs)
    client = NotebookClient(notebook, km=manager, timeout=CELL_TIMEOUT, startup_timeout=120,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error
    errors = [output for cell in notebook.cells if cell.cell_type == "code"
              for output in cell.outputs if output.output_type == "error"]
    assert errors == []
    # notebooks write only into temporary folders
    assert sorted(p.name for p in NOTEBOOKS.iterdir()) == before
