"""briefing.collector: no automatic garbage collection while an edition renders."""

from __future__ import annotations

import gc

import pytest

from briefing import collector


def test_the_collector_is_held_off_inside_and_back_on_after_a_failure():
    assert gc.isenabled()
    with pytest.raises(ValueError), collector.paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def test_a_collector_already_off_stays_off():
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
