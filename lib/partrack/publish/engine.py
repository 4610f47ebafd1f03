"""A papermill engine that keeps one warm kernel per worker process, and never lets it hang a run.

Starting a kernel and importing pandas and matplotlib costs seconds per notebook; a briefing set is
dozens of notebooks. The kernel is started once per worker and its namespace is reset before each
notebook. It is an *asynchronous* kernel manager, as nbclient expects: only then do nbclient's cell
timeout and its once-a-second dead-kernel check fire (a synchronous manager blocks the event loop in
a read that never returns). A notebook also has a wall-clock budget: every cell's timeout is cut to
what is left of it. After any failure the kernel is killed and a fresh one starts with the next
notebook, so one broken notebook cannot affect another.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import time
import uuid
from pathlib import Path
from queue import Empty
from typing import ClassVar

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.utils import merge_kwargs, remove_args

from partrack.publish.memory import peak_mb

ENGINE_NAME = "partrack_warm"
RESET_TIMEOUT = 30  # seconds for "%reset -f" and the preload of validated data
FREEZE = "__import__('gc').freeze()"  # binds no name in the notebook's namespace


class KernelStartError(RuntimeError):
    """The kernel did not start or answer in time."""


async def _start(manager: AsyncKernelManager, timeout: float) -> AsyncKernelClient:
    """Start the kernel and the one client that talks to it for as long as it lives."""
    await manager.start_kernel()
    client = manager.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=timeout)
    except BaseException:
        client.stop_channels()
        raise
    client.allow_stdin = False
    return client


async def _run_code(client: AsyncKernelClient, code: str, timeout: float) -> None:
    """Run code in the kernel (nothing kept in its history) and wait for its reply; an error in it is raised."""
    await _reply(client, client.execute(code, store_history=False), timeout)


async def _reply(client: AsyncKernelClient, request: str, timeout: float) -> None:
    """Wait for the reply to an execute request already sent; an error in the code, or no reply in time, is raised.

    Its output messages are left to the next notebook's client, which skips those of other requests.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            message = await client.get_shell_msg(timeout=max(0.0, deadline - time.monotonic()))
        except Empty:
            raise TimeoutError(f"the kernel did not answer within {timeout:.0f} s") from None
        if message["parent_header"].get("msg_id") == request:
            break
    content = message["content"]
    if content.get("status") != "ok":
        raise RuntimeError(f"{content.get('ename')}: {content.get('evalue')}")


async def _alive(manager: AsyncKernelManager) -> bool:
    return bool(await manager.is_alive())


async def _stop(manager: AsyncKernelManager) -> None:
    await manager.shutdown_kernel(now=True)


def _pid(manager: AsyncKernelManager) -> int | None:
    """The kernel's process id, once it has been launched."""
    provisioner = getattr(manager, "provisioner", None)
    return getattr(provisioner, "pid", None) or getattr(getattr(provisioner, "process", None), "pid", None)


class WarmKernelEngine(NBClientEngine):
    """NBClientEngine with a kernel that outlives one notebook (per process, per kernel name).

    The kernel keeps one client, connected and known to be ready: a new client per notebook waits for the
    kernel to answer and then flushes its output channel for 0.2 s (jupyter_client's ``wait_for_ready``),
    a quarter of a small brief's execution.
    """

    _managers: ClassVar[dict[str, AsyncKernelManager]] = {}
    _clients: ClassVar[dict[str, AsyncKernelClient]] = {}  # kernel name → its connected, ready client
    _preloaded: ClassVar[dict[str, str]] = {}  # kernel name → the validated-data file it holds
    _starting: ClassVar[list[AsyncKernelManager]] = []  # launched, not yet ready: killed too on a stop

    @classmethod
    def kernel(cls, kernel_name: str, start_timeout: float, runtime_dir: str | None = None) -> AsyncKernelClient:
        """The ready client of this process's kernel, started (and waited for) the first time or after a failure."""
        manager = cls._managers.get(kernel_name)
        if manager is not None and run_sync(_alive)(manager):
            return cls._clients[kernel_name]
        if manager is not None:
            cls.discard(kernel_name)
        options = {}
        if runtime_dir:  # the run's own folder: a connection file left by a killed worker goes with the run
            Path(runtime_dir).mkdir(parents=True, exist_ok=True)
            options["connection_file"] = str(Path(runtime_dir) / f"kernel-{os.getpid()}-{uuid.uuid4().hex[:8]}.json")
        # CurveZMQ-encrypted kernel sockets when this zmq has them (the kernel then stays quiet about plain TCP)
        encryption = "auto" if zmq.has("curve") else "disabled"
        manager = AsyncKernelManager(kernel_name=kernel_name, transport_encryption=encryption, **options)
        cls._starting.append(manager)
        try:
            client = run_sync(_start)(manager, start_timeout)
        except BaseException as error:
            with contextlib.suppress(Exception):
                run_sync(_stop)(manager)
            raise KernelStartError(
                f"the {kernel_name} kernel did not start within {start_timeout} s: {error}"
            ) from None
        finally:
            cls._starting.remove(manager)
        cls._managers[kernel_name], cls._clients[kernel_name] = manager, client
        return client

    @classmethod
    def warm_up(cls, kernel_name: str, start_timeout: float, runtime_dir: str | None, code: str,
                meanwhile: tuple[str, ...] = ()) -> None:  # fmt: skip
        """Start this process's kernel before its first notebook and run ``code`` in it.

        ``code`` is the imports every notebook makes; what they load is frozen out of the collector's reach,
        like everything that survives a reset. This process imports the ``meanwhile`` modules while it waits.
        """
        client = cls.kernel(kernel_name, start_timeout, runtime_dir)
        request = client.execute(f"{code}\n{FREEZE}", store_history=False)
        for module in meanwhile:
            importlib.import_module(module)
        run_sync(_reply)(client, request, RESET_TIMEOUT * 4)

    @classmethod
    def prepare(cls, kernel_name: str, client: AsyncKernelClient, preload: str | None) -> None:
        """Forget the previous notebook's variables (imports stay warm); load the run's validated data once.

        ``%reset`` ends with a full garbage collection, which walked every object of the warm kernel (pandas,
        matplotlib, the validated data: half a second a notebook). What survives a reset (modules, the data,
        caches) is frozen out of the collector's reach, so each reset walks only what the last notebook made.
        """
        run_sync(_run_code)(client, f"%reset -f\n{FREEZE}", RESET_TIMEOUT)
        if preload and cls._preloaded.get(kernel_name) != preload:
            code = f"from partrack.brief.context import use_validated\nuse_validated({preload!r})\n{FREEZE}"
            run_sync(_run_code)(client, code, RESET_TIMEOUT * 4)
            cls._preloaded[kernel_name] = preload

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                 start_timeout=60, execution_timeout=None, task_timeout=None, runtime_dir=None,
                                 preload=None, record=None, **kwargs):  # fmt: skip
        """Execute one notebook in the warm kernel (papermill's engine interface), within its time budget.

        ``record``: entries for the notebook's papermill metadata (the paths it names), set before papermill
        writes the notebook, finished or failed.
        """
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        deadline = time.monotonic() + task_timeout if task_timeout else None

        def cell_timeout(cell) -> int | None:
            """A cell may take execution_timeout, and never more than what is left of the notebook's budget."""
            limits = [t for t in (execution_timeout, deadline and deadline - time.monotonic()) if t]
            return max(1, int(min(limits))) if limits else None

        kernel_client = cls.kernel(kernel_name, start_timeout, runtime_dir)
        final = merge_kwargs(kwargs, timeout=execution_timeout, timeout_func=cell_timeout,
                             startup_timeout=start_timeout, kernel_name=kernel_name, log_output=log_output,
                             stdout_file=stdout_file, stderr_file=stderr_file)  # fmt: skip
        # papermill writes the whole notebook (charts and all) at the start and the end of every cell; here it is
        # written once, when the notebook ends (finished, failed or stopped: papermill's notebook_complete)
        output_path, nb_man.output_path = nb_man.output_path, None
        nb_man.nb.metadata.setdefault("papermill", {}).update(record or {})
        try:
            cls.prepare(kernel_name, kernel_client, preload)
            client = PapermillNotebookClient(nb_man, km=cls._managers[kernel_name], **final)
            client.kc = kernel_client  # ready: nbclient neither waits for it nor stops it
            return client.execute()
        except BaseException:
            cls.discard(kernel_name)  # hung, dead or dirty: the next notebook gets a fresh kernel
            raise
        finally:
            nb_man.output_path = output_path

    @classmethod
    def kernel_pid(cls, kernel_name: str) -> int | None:
        """The process id of this process's kernel, when it has one."""
        manager = cls._managers.get(kernel_name)
        return _pid(manager) if manager is not None else None

    @classmethod
    def peak_rss_mb(cls, kernel_name: str) -> float | None:
        """The peak resident memory (MB) of this process's kernel since it started or since ``reset_peak``."""
        return peak_mb(cls.kernel_pid(kernel_name))

    @classmethod
    def discard(cls, kernel_name: str) -> None:
        """Kill one kernel (whatever state it is in) and remove its connection file."""
        manager = cls._managers.pop(kernel_name, None)
        cls._preloaded.pop(kernel_name, None)
        client = cls._clients.pop(kernel_name, None)
        if client is not None:
            client.stop_channels()
        if manager is None:
            return
        try:
            run_sync(_stop)(manager)
        except Exception:
            cls._kill(manager)

    @staticmethod
    def _kill(manager: AsyncKernelManager) -> None:
        """SIGKILL the kernel's process group (it leads its own session) and remove its connection file."""
        pid = _pid(manager)
        if pid:
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            manager.cleanup_connection_file()

    @classmethod
    def kill_all(cls) -> None:
        """Kill every kernel of this process at once (a worker told to stop: no event loop, no waiting)."""
        for manager in [*cls._managers.values(), *cls._starting]:
            cls._kill(manager)
        cls._managers.clear()
        cls._clients.clear()
        cls._preloaded.clear()

    @classmethod
    def shutdown(cls) -> None:
        """Stop the kernels of this process cleanly (end of a run, or a worker's exit)."""
        for name in list(cls._managers):
            cls.discard(name)


papermill_engines.register(ENGINE_NAME, WarmKernelEngine)
