"""The progress formulas on worked examples (README, section "Progress"), their properties,
and the bulk readings over the database: which observations count, how regions add up, how
measures roll up to road maps and promises, and in how many queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from esep.programme.models import (
    Aggregation,
    Direction,
    Indicator,
    Measure,
    Milestone,
    Observation,
    Promise,
    RoadMap,
    Verdict,
)
from esep.programme.progress import (
    Band,
    attainment,
    elapsed_share,
    expected_value,
    indicators_progress,
    indicators_series,
    measures_progress,
    pace,
    pace_band,
    promises_progress,
    raw_attainment,
    road_maps_progress,
    trajectory,
)

D = Decimal
START, END = dt.date(2021, 1, 1), dt.date(2023, 12, 31)  # 1,094 days
HALFWAY = dt.date(2022, 7, 2)  # 547 days in: exactly half the time


# ---------------------------------------------------------------- attainment by direction


def test_increase_is_the_share_of_the_way_from_baseline_to_target():
    assert attainment(Direction.INCREASE, D(60), D(100), D(80)) == 0.5
    assert attainment(Direction.INCREASE, D(60), D(100), D(100)) == 1.0


def test_increase_past_the_target_or_below_the_baseline_is_clipped_but_not_raw():
    assert attainment(Direction.INCREASE, D(60), D(100), D(120)) == 1.0
    assert raw_attainment(Direction.INCREASE, D(60), D(100), D(120)) == 1.5
    assert attainment(Direction.INCREASE, D(60), D(100), D(50)) == 0.0
    assert raw_attainment(Direction.INCREASE, D(60), D(100), D(50)) == -0.25


def test_decrease_uses_the_same_formula_because_the_target_is_below_the_baseline():
    # Deaths 100 → 50: at 80 the value has come 20 of the 50 to go.
    assert attainment(Direction.DECREASE, D(100), D(50), D(80)) == 0.4
    assert attainment(Direction.DECREASE, D(100), D(50), D(40)) == 1.0
    assert attainment(Direction.DECREASE, D(100), D(50), D(110)) == 0.0
    assert raw_attainment(Direction.DECREASE, D(100), D(50), D(110)) == pytest.approx(-0.2)


def test_a_target_equal_to_the_baseline_is_held_or_lost():
    assert attainment(Direction.INCREASE, D(5), D(5), D(5)) == 1.0
    assert attainment(Direction.INCREASE, D(5), D(5), D(6)) == 1.0
    assert attainment(Direction.INCREASE, D(5), D(5), D(4)) == 0.0
    assert raw_attainment(Direction.INCREASE, D(5), D(5), D(4)) == -1.0
    assert attainment(Direction.DECREASE, D(5), D(5), D(4)) == 1.0
    assert raw_attainment(Direction.DECREASE, D(5), D(5), D(6)) == -1.0


def test_band_is_reached_inside_and_falls_off_over_one_band_width_outside():
    # Keep between 4 and 6 (width 2), starting inside at 5.
    def band(actual):
        return attainment(Direction.BAND, D(5), D(5), D(actual), D(4), D(6))

    assert band(4) == band(5) == band(6) == 1.0
    assert band(7) == 0.5
    assert band(3) == 0.5
    assert band(8) == 0.0
    assert raw_attainment(Direction.BAND, D(5), D(5), D(9), D(4), D(6)) == -0.5


def test_band_with_the_baseline_far_outside_measures_by_the_baselines_distance():
    # Baseline 10 is 4 above the band 4–6: the scale is 4, not the width 2.
    def raw(actual):
        return raw_attainment(Direction.BAND, D(10), D(5), D(actual), D(4), D(6))

    assert raw(10) == 0.0
    assert raw(8) == 0.5
    assert raw(5) == 1.0
    assert raw(12) == -0.5  # further out than it started: deterioration


def test_band_of_a_single_value_is_held_or_lost():
    assert attainment(Direction.BAND, D(5), D(5), D(5), D(5), D(5)) == 1.0
    assert raw_attainment(Direction.BAND, D(5), D(5), D(6), D(5), D(5)) == -1.0


def test_yes_no_is_all_or_nothing():
    assert attainment(Direction.YES_NO, D(0), D(1), D(1)) == 1.0
    assert attainment(Direction.YES_NO, D(0), D(1), D(0)) == 0.0
    assert raw_attainment(Direction.YES_NO, D(0), D(1), D(0)) == 0.0
    # Held at yes from the start and lost: a move away from the target.
    assert raw_attainment(Direction.YES_NO, D(1), D(1), D(0)) == -1.0


finite = st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, places=4)


@given(
    direction=st.sampled_from(list(Direction)),
    baseline=finite,
    target=finite,
    actual=finite,
    low=finite,
    width=st.decimals(min_value=0, max_value=10**6, places=4),
)
def test_attainment_is_always_between_0_and_1(direction, baseline, target, actual, low, width):
    assert 0.0 <= attainment(direction, baseline, target, actual, low, low + width) <= 1.0


@given(baseline=finite, gap=finite.filter(lambda g: g > 0), one=finite, other=finite)
def test_attainment_of_an_increase_never_falls_as_the_value_rises(baseline, gap, one, other):
    low, high = sorted((one, other))
    target = baseline + gap
    assert attainment(Direction.INCREASE, baseline, target, low) <= attainment(
        Direction.INCREASE, baseline, target, high
    )


@given(baseline=finite, gap=finite.filter(lambda g: g > 0), one=finite, other=finite)
def test_attainment_of_a_decrease_never_rises_as_the_value_rises(baseline, gap, one, other):
    low, high = sorted((one, other))
    target = baseline - gap
    assert attainment(Direction.DECREASE, baseline, target, low) >= attainment(
        Direction.DECREASE, baseline, target, high
    )


# ---------------------------------------------------------------- time and pace


def test_elapsed_share_is_0_before_the_start_and_1_after_the_end():
    assert elapsed_share(START, END, dt.date(2020, 6, 1)) == 0.0
    assert elapsed_share(START, END, START) == 0.0
    assert elapsed_share(START, END, HALFWAY) == 0.5
    assert elapsed_share(START, END, END) == 1.0
    assert elapsed_share(START, END, dt.date(2025, 1, 1)) == 1.0


def test_elapsed_share_of_an_empty_span_jumps_at_its_end():
    assert elapsed_share(START, START, dt.date(2020, 12, 31)) == 0.0
    assert elapsed_share(START, START, START) == 1.0


def test_pace_is_attainment_for_the_time_elapsed_and_unknown_before_any_time():
    assert pace(0.5, 0.5) == 1.0
    assert pace(0.3, 0.5) == 0.6
    assert pace(-0.1, 0.5) == -0.2
    assert pace(0.5, 0.0) is None
    assert pace(None, 0.5) is None


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (1.4, Band.ON_TRACK),
        (0.95, Band.ON_TRACK),
        (0.57 / 0.6, Band.ON_TRACK),  # 0.9499999… in binary, 0.95 on paper
        (0.9499, Band.NEEDS_ACCELERATION),
        (0.6, Band.NEEDS_ACCELERATION),
        (0.5999, Band.LIMITED),
        (0.0, Band.LIMITED),
        (-0.0001, Band.DETERIORATION),
        (-2.0, Band.DETERIORATION),
        (None, None),
    ],
)
def test_pace_bands_at_their_edges(value, band):
    assert pace_band(value) == band


# ---------------------------------------------------------------- the expected line


def _indicator(direction=Direction.INCREASE, baseline=60, target=100):
    return Indicator(
        direction=direction,
        baseline=D(baseline),
        target=D(target),
        baseline_on=START,
        target_on=END,
        unit="%",
    )


def test_expected_value_follows_the_straight_line_and_holds_at_its_ends():
    line = trajectory(_indicator())
    assert expected_value(line, HALFWAY) == D(80)
    assert expected_value(line, dt.date(2020, 1, 1)) == D(60)
    assert expected_value(line, dt.date(2030, 1, 1)) == D(100)


def test_expected_value_passes_through_the_milestones_piecewise():
    line = trajectory(
        _indicator(),
        [
            (dt.date(2022, 1, 1), D(90)),  # 365 days in
            (dt.date(2019, 1, 1), D(0)),  # before the baseline: not on the way
        ],
    )
    assert [value for _on, value in line] == [D(60), D(90), D(100)]
    assert expected_value(line, dt.date(2022, 1, 1)) == D(90)
    assert expected_value(line, dt.date(2021, 3, 15)) == D(66)  # 73 of its first 365 days


def test_expected_value_of_yes_no_steps_at_the_target_date():
    line = trajectory(_indicator(Direction.YES_NO, 0, 1))
    assert expected_value(line, dt.date(2023, 12, 30)) == 0
    assert expected_value(line, END) == 1


# ---------------------------------------------------------------- latest values from the database


def _observe(world, indicator, territory, value, *, end=HALFWAY, kind="actual", **extra):
    return Observation.objects.create(
        indicator=indicator,
        territory=territory,
        period_start=end.replace(day=1),
        period_end=end,
        value=D(value),
        kind=kind,
        source="Bureau of National Statistics",
        recorded_by=world.head,
        **extra,
    )


def _value(indicator, on=dt.date(2024, 1, 1), territory=None):
    return indicators_progress([indicator], on=on, territory=territory)[indicator.pk].value


def test_latest_value_gives_attainment_pace_and_band(world):
    _observe(world, world.indicator, world.road_map.territory, 70, end=dt.date(2021, 12, 31))
    _observe(world, world.indicator, world.road_map.territory, 80, end=HALFWAY)
    item = indicators_progress([world.indicator], on=dt.date(2023, 3, 1))[world.indicator.pk]
    assert item.value == D(80)
    assert item.observed_on == HALFWAY
    assert item.attainment == 0.5
    assert item.elapsed == 0.5  # when the value was measured, not when asked
    assert item.pace == 1.0
    assert item.band == Band.ON_TRACK
    assert item.expected == D(80)


def test_no_observation_leaves_progress_unknown(world):
    item = indicators_progress([world.indicator], on=HALFWAY)[world.indicator.pk]
    assert (item.value, item.attainment, item.pace, item.band) == (None, None, None, None)
    assert item.elapsed == 0.5
    assert item.expected == D(80)


def test_observations_after_the_date_asked_are_not_yet_known(world):
    _observe(world, world.indicator, world.road_map.territory, 70, end=dt.date(2021, 12, 31))
    _observe(world, world.indicator, world.road_map.territory, 90, end=HALFWAY)
    assert _value(world.indicator, on=dt.date(2022, 1, 15)) == D(70)


def test_a_replaced_observation_is_ignored(world):
    first = _observe(world, world.indicator, world.road_map.territory, 70)
    _observe(world, world.indicator, world.road_map.territory, 75, replaces=first)
    assert _value(world.indicator) == D(75)  # not 145


def test_actual_is_preferred_to_provisional_and_estimated(world, tree):
    territory = tree.kostanay.territory
    _observe(world, world.indicator, territory, 80, kind="actual")
    _observe(world, world.indicator, territory, 90, kind="provisional")
    _observe(world, world.indicator, territory, 95, kind="estimated")
    assert _value(world.indicator) == D(80)


def test_provisional_is_preferred_to_estimated(world, tree):
    _observe(world, world.indicator, tree.kostanay.territory, 95, kind="estimated")
    _observe(world, world.indicator, tree.kostanay.territory, 90, kind="provisional")
    assert _value(world.indicator) == D(90)


def _with(world, aggregation, unit="people"):
    return Indicator.objects.create(
        measure=world.measure,
        code=f"AGG-{aggregation}-{unit}",
        title_kk="x",
        title_ru="x",
        unit=unit,
        direction=Direction.INCREASE,
        baseline=D(0),
        baseline_on=START,
        target=D(100),
        target_on=END,
        aggregation=aggregation,
    )


def test_sum_adds_the_two_regions_up(world, tree):
    indicator = _with(world, Aggregation.SUM)
    _observe(world, indicator, tree.kostanay.territory, 10)
    _observe(world, indicator, tree.atyrau.territory, 20)
    assert _value(indicator) == D(30)
    assert _value(indicator, territory=tree.kostanay.territory) == D(10)
    assert _value(indicator, territory=tree.central.territory) == D(30)


def test_mean_averages_the_regions(world, tree):
    indicator = _with(world, Aggregation.MEAN)
    _observe(world, indicator, tree.kostanay.territory, 10)
    _observe(world, indicator, tree.atyrau.territory, 20)
    assert _value(indicator) == D(15)


def test_weighted_mean_weighs_by_the_denominators(world, tree):
    indicator = _with(world, Aggregation.WEIGHTED)
    _observe(world, indicator, tree.kostanay.territory, 10, denominator=D(1))
    _observe(world, indicator, tree.atyrau.territory, 20, denominator=D(3))
    assert _value(indicator) == D("17.5")


def test_weighted_mean_without_denominators_is_the_plain_mean(world, tree):
    indicator = _with(world, Aggregation.WEIGHTED)
    _observe(world, indicator, tree.kostanay.territory, 10, denominator=D(1))
    _observe(world, indicator, tree.atyrau.territory, 20)
    assert _value(indicator) == D(15)


def test_ratio_is_recomputed_from_numerators_and_denominators_in_per_cent(world, tree):
    indicator = _with(world, Aggregation.RATIO, unit="%")
    # 30 of 60 villages (50 %) and 10 of 40 (25 %): 40 of 100, not the mean 37.5.
    _observe(world, indicator, tree.kostanay.territory, 50, numerator=D(30), denominator=D(60))
    _observe(world, indicator, tree.atyrau.territory, 25, numerator=D(10), denominator=D(40))
    assert _value(indicator) == D(40)


def test_ratio_of_a_unit_other_than_per_cent_is_not_scaled(world, tree):
    indicator = _with(world, Aggregation.RATIO, unit="doctors per bed")
    _observe(
        world, indicator, tree.kostanay.territory, D("0.5"), numerator=D(30), denominator=D(60)
    )
    _observe(world, indicator, tree.atyrau.territory, D("0.25"), numerator=D(10), denominator=D(40))
    assert _value(indicator) == D("0.4")


def test_a_territory_inside_another_observed_one_is_not_counted_twice(world, tree):
    indicator = _with(world, Aggregation.SUM)
    _observe(world, indicator, tree.kostanay.territory, 100)  # the oblast, Rudny included
    _observe(world, indicator, tree.rudny.territory, 30)
    _observe(world, indicator, tree.atyrau.territory, 20)
    assert _value(indicator) == D(120)
    assert _value(indicator, territory=tree.rudny.territory) == D(30)


def test_the_series_has_one_value_a_period(world, tree):
    indicator = _with(world, Aggregation.SUM)
    for end, kostanay, atyrau in ((dt.date(2021, 6, 30), 1, 2), (dt.date(2021, 12, 31), 3, 4)):
        _observe(world, indicator, tree.kostanay.territory, kostanay, end=end)
        _observe(world, indicator, tree.atyrau.territory, atyrau, end=end)
    series = indicators_series([indicator], on=dt.date(2022, 1, 1))
    assert series[indicator.pk] == [(dt.date(2021, 6, 30), D(3)), (dt.date(2021, 12, 31), D(7))]


# ---------------------------------------------------------------- measures, road maps, promises


def _second_indicator(world, measure=None):
    return Indicator.objects.create(
        measure=measure or world.measure,
        code="ROADS",
        title_kk="x",
        title_ru="x",
        unit="km",
        direction=Direction.DECREASE,
        baseline=D(100),
        baseline_on=START,
        target=D(0),
        target_on=END,
    )


def test_a_measures_progress_is_the_plain_mean_of_its_indicators(world):
    roads = _second_indicator(world)
    _observe(world, world.indicator, world.road_map.territory, 80)  # 0.5, pace 1
    _observe(world, roads, world.road_map.territory, 0)  # 1.0, pace 2
    progress = measures_progress([world.measure], on=dt.date(2023, 1, 1))[world.measure.pk]
    assert progress.attainment == 0.75
    assert progress.pace == 1.5
    assert progress.band == Band.ON_TRACK
    assert progress.needs_verdict is False


def test_a_measure_past_its_deadline_below_target_needs_a_verdict(world):
    _observe(world, world.indicator, world.road_map.territory, 80)
    after = dt.date(2024, 1, 1)  # the deadline is 31.12.2023
    assert measures_progress([world.measure], on=after)[world.measure.pk].needs_verdict
    assert not measures_progress([world.measure], on=END)[world.measure.pk].needs_verdict


def test_a_measure_already_rated_or_at_target_needs_no_verdict(world):
    _observe(world, world.indicator, world.road_map.territory, 100, end=END)
    after = dt.date(2024, 1, 1)
    assert not measures_progress([world.measure], on=after)[world.measure.pk].needs_verdict
    Observation.objects.all().delete()
    _observe(world, world.indicator, world.road_map.territory, 80)
    Measure.objects.filter(pk=world.measure.pk).update(verdict=Verdict.NOT_ASSESSABLE)
    rated = Measure.objects.filter(pk=world.measure.pk)
    assert not measures_progress(rated, on=after)[world.measure.pk].needs_verdict


def test_a_measure_with_no_value_past_its_deadline_needs_a_verdict(world):
    progress = measures_progress([world.measure], on=dt.date(2024, 1, 1))[world.measure.pk]
    assert progress.attainment is None
    assert progress.needs_verdict


def _measure(world, code, weight):
    measure = Measure.objects.create(
        road_map=world.road_map,
        code=code,
        title_kk="x",
        title_ru="x",
        deadline=END,
        weight=weight,
        territory=world.road_map.territory,
    )
    measure.promises.add(world.promise)
    return measure


def test_road_map_and_promise_weigh_their_measures(world):
    # world.measure weighs 2 and stands at 0.5; the second weighs 1 and stands at 1.
    _observe(world, world.indicator, world.road_map.territory, 80)
    second = _measure(world, "M2", D(1))
    _observe(world, _second_indicator(world, second), world.road_map.territory, 0)
    on = dt.date(2023, 1, 1)
    road_map = road_maps_progress([world.road_map], on=on)[world.road_map.pk]
    assert road_map.attainment == pytest.approx((2 * 0.5 + 1 * 1.0) / 3)
    assert road_map.pace == pytest.approx((2 * 1.0 + 1 * 2.0) / 3)
    promise = promises_progress([world.promise], on=on)[world.promise.pk]
    assert promise.attainment == pytest.approx((2 * 0.5 + 1 * 1.0) / 3)
    other = promises_progress([world.other_promise], on=on)[world.other_promise.pk]
    assert (other.attainment, other.pace, other.band) == (None, None, None)


def test_a_measure_without_weight_among_weighted_ones_counts_one(world):
    _observe(world, world.indicator, world.road_map.territory, 80)
    second = _measure(world, "M2", None)
    _observe(world, _second_indicator(world, second), world.road_map.territory, 0)
    progress = road_maps_progress([world.road_map], on=dt.date(2023, 1, 1))[world.road_map.pk]
    assert progress.attainment == pytest.approx((2 * 0.5 + 1 * 1.0) / 3)


def test_without_weights_the_measures_count_alike(world):
    Measure.objects.filter(pk=world.measure.pk).update(weight=None)
    _observe(world, world.indicator, world.road_map.territory, 80)
    second = _measure(world, "M2", None)
    _observe(world, _second_indicator(world, second), world.road_map.territory, 0)
    progress = road_maps_progress(RoadMap.objects.all(), on=dt.date(2023, 1, 1))
    assert progress[world.road_map.pk].attainment == 0.75


def test_a_road_map_needs_a_verdict_when_one_of_its_measures_does(world):
    on = dt.date(2024, 1, 1)
    assert road_maps_progress([world.road_map], on=on)[world.road_map.pk].needs_verdict
    Measure.objects.update(verdict=Verdict.KEPT)
    assert not road_maps_progress([world.road_map], on=on)[world.road_map.pk].needs_verdict


def test_a_promise_past_its_term_below_target_needs_a_verdict(world):
    _observe(world, world.indicator, world.road_map.territory, 80)
    after = dt.date(2026, 1, 1)  # the term is 31.12.2025
    assert promises_progress([world.promise], on=after)[world.promise.pk].needs_verdict
    assert not promises_progress([world.promise], on=END)[world.promise.pk].needs_verdict
    Promise.objects.filter(pk=world.promise.pk).update(verdict=Verdict.PARTIALLY_KEPT)
    rated = Promise.objects.filter(pk=world.promise.pk)
    assert not promises_progress(rated, on=after)[world.promise.pk].needs_verdict


# ---------------------------------------------------------------- a fixed number of queries


def _grow(world, tree, count):
    """`count` more measures serving the promise, each with an indicator with a milestone
    and observations in two regions over two periods."""
    for number in range(count):
        measure = _measure(world, f"G{number}", D(number % 3 + 1) if number % 2 else None)
        indicator = _second_indicator(world, measure)
        Milestone.objects.create(indicator=indicator, due_on=dt.date(2022, 1, 1), value=D(50))
        for end in (dt.date(2021, 12, 31), HALFWAY):
            _observe(world, indicator, tree.kostanay.territory, 40, end=end)
            _observe(world, indicator, tree.atyrau.territory, 30, end=end, kind="provisional")


@pytest.mark.parametrize("count", [2, 25])
def test_the_bulk_readings_take_a_fixed_number_of_queries(
    world, tree, count, django_assert_max_num_queries
):
    _grow(world, tree, count)
    on = dt.date(2023, 1, 1)
    with django_assert_max_num_queries(3):
        indicators_progress(Indicator.objects.all(), on=on)
    with django_assert_max_num_queries(3):
        indicators_series(Indicator.objects.all(), on=on)
    with django_assert_max_num_queries(4):
        measures = measures_progress(Measure.objects.all(), on=on)
    with django_assert_max_num_queries(5):
        road_maps_progress(RoadMap.objects.all(), on=on)
    with django_assert_max_num_queries(6):
        promises = promises_progress(Promise.objects.all(), on=on)
    assert len(measures) == count + 1
    assert promises[world.promise.pk].attainment is not None


def test_prefetched_milestones_are_not_read_again(world, django_assert_num_queries):
    Milestone.objects.create(indicator=world.indicator, due_on=dt.date(2022, 1, 1), value=D(90))
    indicators = list(Indicator.objects.prefetch_related("milestones"))
    with django_assert_num_queries(1):  # the observations only
        item = indicators_progress(indicators, on=dt.date(2022, 1, 1))[world.indicator.pk]
    assert item.expected == D(90)
