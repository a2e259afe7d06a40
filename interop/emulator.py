"""A fresh emulator for an interop check: `bingads emulator --port 0`, on the default data or a
seed given as a dict, stopped afterwards. Standard library only (every venv imports it)."""

import contextlib
import json
import re
import select
import subprocess
import tempfile


@contextlib.contextmanager
def running(binary, seed=None):
    """The URL of a new emulator (on `seed`, a dict in the seed format, when given); raises
    OSError when the binary cannot run and RuntimeError when it does not say where it listens."""
    with tempfile.NamedTemporaryFile('w', suffix='.json') as file:
        args = [binary, 'emulator', '--port', '0']
        if seed is not None:
            json.dump(seed, file)
            file.flush()
            args += ['--seed', file.name]
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            ready, _, _ = select.select([proc.stdout], [], [], 30)
            first = proc.stdout.readline() if ready else ''
            match = re.fullmatch(r'listening on (http://127\.0\.0\.1:\d+)\n', first)
            if not match:
                why = proc.stderr.read()[:300] if proc.poll() is not None else ''
                raise RuntimeError(f'first stdout line {first!r} {why}'.strip())
            yield match.group(1)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
            proc.stdout.close()
            proc.stderr.close()
