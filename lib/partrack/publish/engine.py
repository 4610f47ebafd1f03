"""A papermill engine that keeps one warm kernel per worker process.

Starting a kernel and importing pandas and matplotlib costs seconds per notebook; a briefing set is
dozens of notebooks. The kernel is started once per worker, its namespace is reset before each
notebook, and it is restarted after a failure so that one broken notebook cannot affect the next.
"""

from __future__ import annotations

from typing import ClassVar

from jupyter_client.manager import KernelManager
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.utils import merge_kwargs, remove_args

ENGINE_NAME = "partrack_warm"


class WarmKernelEngine(NBClientEngine):
    """NBClientEngine with a kernel that outlives one notebook (per process, per kernel name)."""

    _managers: ClassVar[dict[str, KernelManager]] = {}

    @classmethod
    def kernel(cls, kernel_name: str, start_timeout: int) -> KernelManager:
        """The kernel of this process, started (and waited for) the first time."""
        manager = cls._managers.get(kernel_name)
        if manager is None or not manager.is_alive():
            manager = KernelManager(kernel_name=kernel_name)
            manager.start_kernel()
            client = manager.blocking_client()
            client.start_channels()
            client.wait_for_ready(timeout=start_timeout)
            client.stop_channels()
            cls._managers[kernel_name] = manager
        return manager

    @classmethod
    def reset(cls, manager: KernelManager) -> None:
        """Forget the previous notebook's variables (imports stay warm in sys.modules)."""
        client = manager.blocking_client()
        client.start_channels()
        try:
            client.execute_interactive("%reset -f", timeout=30, store_history=False)
        finally:
            client.stop_channels()

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                 start_timeout=60, execution_timeout=None, **kwargs):  # fmt: skip
        """Execute one notebook in the warm kernel (papermill's engine interface)."""
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        manager = cls.kernel(kernel_name, start_timeout)
        cls.reset(manager)
        final = merge_kwargs(kwargs, timeout=execution_timeout, startup_timeout=start_timeout, kernel_name=kernel_name,
                             log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file)  # fmt: skip
        try:
            return PapermillNotebookClient(nb_man, km=manager, **final).execute()
        except BaseException:
            manager.restart_kernel(now=True)
            raise

    @classmethod
    def shutdown(cls) -> None:
        """Stop the kernels of this process (end of a run, or a worker's exit)."""
        for manager in cls._managers.values():
            if manager.is_alive():
                manager.shutdown_kernel(now=True)
        cls._managers.clear()


papermill_engines.register(ENGINE_NAME, WarmKernelEngine)
