"""Dates of the ledger (briefing.datemarks.PartialDate): how they print, sort and plot."""

from __future__ import annotations

import pytest

from briefing.datemarks import NoSuchDate, NotADate, PartialDate


@pytest.mark.parametrize("iso, approx, basis, printed", [
    ("2021-06-16", False, None, "16 June 2021"),
    ("2011-06", False, None, "June 2011"),
    ("2011", False, None, "2011"),
    ("2001-12", True, "wording", "c. December 2001"),
    ("2011-06", True, "outside", "c. June 2011†"),
    ("2021-06-16", False, "outside", "16 June 2021†"),
])
def test_a_date_prints_with_the_marks_of_its_basis(iso, approx, basis, printed):
    date = PartialDate.parse(iso, approx, basis)
    assert str(date) == printed
    assert date.year_marked == printed.replace(date.plain, str(date.year))


def test_a_date_known_to_its_year_or_month_sorts_after_the_dates_within_it():
    dates = [PartialDate.parse(d) for d in ("2007", "2007-07", "2007-07-14", "2006-12-31", "2008")]
    assert [d.plain for d in sorted(dates)] == [
        "31 December 2006", "14 July 2007", "July 2007", "2007", "2008"]


@pytest.mark.parametrize("iso, year", [("2007", 2007.5), ("2007-07", 2007 + 6.5 / 12),
                                       ("2007-01-01", 2007 + 0.5 / 365)])
def test_a_chart_places_a_date_in_the_middle_of_what_is_known(iso, year):
    assert PartialDate.parse(iso).decimal_year == pytest.approx(year)


@pytest.mark.parametrize("iso, precision", [("2007", "year"), ("2007-07", "month"),
                                            ("2007-07-14", "day")])
def test_the_precision_follows_the_form(iso, precision):
    assert PartialDate.parse(iso).precision == precision


def test_what_is_not_a_date_is_refused():
    with pytest.raises(NotADate):
        PartialDate.parse("July 2007")
    with pytest.raises(NoSuchDate) as month:
        PartialDate.parse("2007-13")
    assert (month.value.month, month.value.last) == (13, None)
    with pytest.raises(NoSuchDate) as day:
        PartialDate.parse("2007-02-29")
    assert (day.value.month, day.value.last) == (2, 28)
    assert PartialDate.parse("2008-02-29").plain == "29 February 2008"
