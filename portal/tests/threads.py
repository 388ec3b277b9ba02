"""Real threads released at the same moment, for the PostgreSQL concurrency tests of
every app: one helper, so each test says only what it races and what must hold after."""

import threading

from django.db import connection


def run_at_once(target, arguments, *, at_most=None):
    """Call `target(*args)` for each `args` in `arguments`, each from its own thread, all
    released together by a barrier. Returns the results in the order of `arguments`. A
    thread that raises fails the test (its error would otherwise vanish with the thread);
    each thread closes its own database connection. `at_most` caps how many run the
    target at a time (each holds a connection, and the server allows only so many)."""
    barrier = threading.Barrier(len(arguments))
    slots = threading.BoundedSemaphore(at_most or len(arguments))
    results = [None] * len(arguments)
    errors = []

    def run(index, args):
        try:
            barrier.wait()
            with slots:
                results[index] = target(*args)
        except Exception as error:  # noqa: BLE001 (collected and raised below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, args)) for index, args in enumerate(arguments)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise AssertionError(f"{len(errors)} of {len(arguments)} threads raised: {errors!r}")
    return results
