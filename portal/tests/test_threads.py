"""The concurrency tests' one helper keeps each result in its place and never lets a
thread's error vanish."""

import pytest

from portal.tests.threads import run_at_once


def test_results_come_back_in_the_order_of_the_arguments():
    assert run_at_once(lambda n: n * n, [(n,) for n in range(5)]) == [0, 1, 4, 9, 16]


def test_an_error_in_one_thread_fails_the_test():
    def fail_on_two(n):
        if n == 2:
            raise ValueError("two")
        return n

    with pytest.raises(AssertionError, match="two"):
        run_at_once(fail_on_two, [(1,), (2,), (3,)])
