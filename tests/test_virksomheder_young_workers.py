"""The young-worker rules (the package virksomheder/young_workers): every boundary, without a database."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from fritidsjob import models as fritidsjob_models
from fritidsjob.models import YoungWorkerNotes
from virksomheder import young_workers
from virksomheder.young_workers import (
    AgeGroup,
    Hazard,
    Shift,
    Violation,
    WorkPlan,
    age_on,
    check,
    limits_for,
    rules_markdown,
)

START = datetime.date(2025, 3, 10)  # a Monday
# Two lines of the industry guides that belong to some trades only.
HOTEL_NIGHT_EXCEPTION = (
    "må arbejde i hoteller, restauranter, grillbarer, teatre, biografer, koncertsteder o.l. til kl. 24:00"
)
CULTURAL_ACTIVITY_NOTE = "Børn under 13 år må kun medvirke i kulturelle og lignende aktiviteter"
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


def t(text: str) -> datetime.time:
    hours, minutes = text.split(":")
    return datetime.time(int(hours), int(minutes))


def shift(weekday: int, start: str, end: str) -> Shift:
    return Shift(weekday, t(start), t(end))


def born(age: int, *, days_later: int = 0) -> datetime.date:
    """A birth date making the person `age` on START (days_later=1: the birthday is tomorrow)."""
    return START.replace(year=START.year - age) + datetime.timedelta(days=days_later)


def plan(age: int, shifts=(), *, days_later: int = 0, **kwargs) -> WorkPlan:
    return WorkPlan(birth_date=born(age, days_later=days_later), start_date=START, shifts=list(shifts), **kwargs)


def codes(work_plan: WorkPlan) -> list[str]:
    return [violation.code for violation in check(work_plan)]


def only(work_plan: WorkPlan, code: str) -> Violation:
    found = [violation for violation in check(work_plan) if violation.code == code]
    assert len(found) == 1, check(work_plan)
    return found[0]


# --- Age --------------------------------------------------------------------------------------


def test_age_is_the_one_age_rule_of_the_app():
    assert age_on is fritidsjob_models.age_on
    assert young_workers.age_on(datetime.date(2010, 3, 10), START) == 15
    assert young_workers.age_on(datetime.date(2010, 3, 11), START) == 14


@pytest.mark.parametrize(
    ("age", "days_later", "expected"),
    [(13, 0, 13), (13, 1, 12), (15, 0, 15), (15, 1, 14), (18, 0, 18), (18, 1, 17), (14, 0, 14), (17, 0, 17)],
)
def test_age_is_judged_on_the_start_date(age, days_later, expected):
    assert plan(age, days_later=days_later).age == expected


@pytest.mark.parametrize(("days_later", "expected"), [(0, []), (1, ["under_13"])])
def test_thirteenth_birthday_on_the_start_date_allows_work(days_later, expected):
    assert codes(plan(13, [shift(SAT, "10:00", "12:00")], days_later=days_later)) == expected


def test_under_13_is_refused_with_an_exception_for_cultural_work():
    violation = only(plan(12, [shift(SAT, "10:00", "12:00")]), "under_13")

    assert violation.exception_allowed is True
    assert "Den unge er 12 år" in violation.message
    assert "kulturelle" in violation.message
    assert violation.source.startswith("Arbejdsmiljøloven § 60")


def test_under_13_also_gets_the_hazards_but_no_hour_checks():
    work_plan = plan(12, [shift(TUE, "08:00", "23:00")], hazards={Hazard.DANGEROUS_MACHINES})

    assert codes(work_plan) == ["under_13", "hazard_farlige_maskiner"]
    assert check(work_plan)[1].exception_allowed is False


@pytest.mark.parametrize(("days_later", "expected"), [(0, []), (1, ["daily_hours"])])
def test_fifteenth_birthday_lifts_the_seven_hour_day(days_later, expected):
    # Out of school: a 14-year-old may work 7 hours a day, a 15-year-old 8.
    work_plan = plan(15, [shift(SAT, "08:00", "16:00")], days_later=days_later, in_compulsory_school=False)

    assert codes(work_plan) == expected


@pytest.mark.parametrize(("days_later", "expected"), [(0, []), (1, ["daily_hours"])])
def test_fifteenth_birthday_gives_eight_hours_on_a_non_school_day_while_still_in_school(days_later, expected):
    work_plan = plan(15, [shift(SAT, "08:00", "16:00")], days_later=days_later, in_compulsory_school=True)

    assert codes(work_plan) == expected


@pytest.mark.parametrize(("days_later", "expected"), [(0, []), (1, ["daily_hours"])])
def test_compulsory_school_is_assumed_until_16(days_later, expected):
    # Three hours on a Tuesday: too long on a school day, fine for a 16-year-old assumed out of school.
    assert codes(plan(16, [shift(TUE, "16:00", "19:00")], days_later=days_later)) == expected


def everything_wrong(age: int, days_later: int = 0) -> WorkPlan:
    return plan(
        age,
        [shift(day, "14:00", "03:00") for day in range(7)],
        days_later=days_later,
        hours_per_week=Decimal("84"),
        hazards=set(Hazard.values),
        light_work_only=False,
    )


def test_18_year_olds_have_no_checks():
    assert check(everything_wrong(18)) == []


def test_17_year_olds_the_day_before_their_birthday_get_every_check():
    assert set(codes(everything_wrong(18, days_later=1))) >= {
        "hazard_farlige_maskiner",
        "daily_hours",
        "weekly_hours",
        "weekly_hours_stated",
        "night_work",
        "rest",
        "days_off",
    }


# --- Limits -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "school", "expected"),
    [
        # age, in school -> (school day, other day, school week, holiday week, rest, light work only, group)
        (13, None, (2, 7, 12, 35, 14, True, AgeGroup.SCHOOL)),
        (14, True, (2, 7, 12, 35, 14, True, AgeGroup.SCHOOL)),
        (14, False, (7, 7, 35, 35, 14, True, AgeGroup.SCHOOL)),
        (15, None, (2, 8, 12, 40, 14, True, AgeGroup.SCHOOL)),
        (15, False, (8, 8, 40, 40, 12, False, AgeGroup.OLDER)),
        (16, None, (8, 8, 40, 40, 12, False, AgeGroup.OLDER)),
        (17, True, (2, 8, 12, 40, 14, True, AgeGroup.SCHOOL)),
        (17, False, (8, 8, 40, 40, 12, False, AgeGroup.OLDER)),
    ],
)
def test_limits_per_age_and_schooling(age, school, expected):
    limits = limits_for(age, in_compulsory_school=school)

    assert (
        limits.school_day_hours,
        limits.non_school_day_hours,
        limits.school_week_hours,
        limits.holiday_week_hours,
        limits.rest_hours,
        limits.light_work_only,
        limits.group,
    ) == expected
    assert (limits.night_start, limits.night_end) == (t("20:00"), t("06:00"))
    assert limits.may_work and limits.applies


def test_limits_under_13_and_from_18():
    child, adult = limits_for(12), limits_for(18)

    assert (child.may_work, child.group, child.school_day_hours, child.night_start) == (
        False,
        AgeGroup.UNDER_13,
        None,
        None,
    )
    assert (adult.applies, adult.group, adult.school_week_hours, adult.rest_hours, adult.light_work_only) == (
        False,
        AgeGroup.ADULT,
        None,
        None,
        False,
    )


def test_only_15_to_17_year_olds_out_of_school_have_trade_exceptions_to_the_evening():
    assert limits_for(16, in_compulsory_school=False).night_exceptions == young_workers.NIGHT_EXCEPTIONS
    assert limits_for(16, in_compulsory_school=True).night_exceptions == ()
    assert limits_for(14).night_exceptions == ()


def test_limits_describe_themselves_in_danish():
    assert limits_for(14).describe() == (
        "Højst 2 timer på skoledage og 7 timer på andre dage; 12 timer i skoleuger og 35 timer i uger uden skole; "
        "ikke mellem kl. 20:00 og 06:00; 14 timers hvile i døgnet; kun lettere arbejde."
    )
    assert limits_for(17, in_compulsory_school=False).describe() == (
        "Højst 8 timer om dagen og 40 timer om ugen; ikke mellem kl. 20:00 og 06:00; 12 timers hvile i døgnet."
    )
    assert limits_for(18).describe() == "Fra 18 år gælder de almindelige regler for voksne."
    assert limits_for(12).describe().startswith("Under 13 år: må ikke arbejde")


# --- Hours per day --------------------------------------------------------------------------------

DAILY_CASES = [
    # age, in school, holiday week, weekday, start, end at the limit, limit in hours
    (14, None, False, TUE, "16:00", "18:00", 2),
    (14, None, False, SAT, "08:00", "15:00", 7),
    (14, None, True, TUE, "08:00", "15:00", 7),
    (14, False, False, TUE, "08:00", "15:00", 7),
    (15, None, False, WED, "16:00", "18:00", 2),
    (15, None, False, SUN, "08:00", "16:00", 8),
    (17, True, True, FRI, "08:00", "16:00", 8),
    (16, False, False, TUE, "08:00", "16:00", 8),
    (17, False, False, SAT, "08:00", "16:00", 8),
]


@pytest.mark.parametrize(("age", "school", "holiday", "weekday", "start", "end", "limit"), DAILY_CASES)
def test_a_shift_exactly_at_the_daily_limit_is_allowed(age, school, holiday, weekday, start, end, limit):
    work_plan = plan(age, [shift(weekday, start, end)], in_compulsory_school=school, holiday_week=holiday)

    assert shift(weekday, start, end).minutes == limit * 60
    assert check(work_plan) == []


@pytest.mark.parametrize("over", [1, 60])
@pytest.mark.parametrize(("age", "school", "holiday", "weekday", "start", "end", "limit"), DAILY_CASES)
def test_a_minute_or_an_hour_over_the_daily_limit_is_not(age, school, holiday, weekday, start, end, limit, over):
    later = (datetime.datetime.combine(START, t(end)) + datetime.timedelta(minutes=over)).time()
    work_plan = plan(age, [Shift(weekday, t(start), later)], in_compulsory_school=school, holiday_week=holiday)

    violation = only(work_plan, "daily_hours")
    assert f"højst arbejde {limit} timer" in violation.message
    finished_school = limits_for(age, in_compulsory_school=school).group == AgeGroup.OLDER
    assert violation.exception_allowed is finished_school
    assert violation.source == f"Arbejdsmiljøloven § 61, stk. {1 if finished_school else 2}"


def test_the_daily_message_is_concrete():
    violation = only(plan(14, [shift(TUE, "16:00", "19:00")]), "daily_hours")

    assert violation == Violation(
        code="daily_hours",
        message="En 14-årig må højst arbejde 2 timer på en skoledag; vagten om tirsdagen er 3 timer.",
        source="Arbejdsmiljøloven § 61, stk. 2",
        exception_allowed=False,
    )


def test_shifts_on_the_same_day_are_added_up():
    violation = only(plan(14, [shift(TUE, "07:00", "08:00"), shift(TUE, "16:00", "17:01")]), "daily_hours")

    assert violation.message == (
        "En 14-årig må højst arbejde 2 timer på en skoledag; vagterne om tirsdagen er i alt 2 timer og 1 minut."
    )


def test_older_youth_still_in_school_are_named_so():
    violation = only(plan(16, [shift(WED, "16:00", "18:30")], in_compulsory_school=True), "daily_hours")

    assert violation.message.startswith("En 16-årig, der stadig er undervisningspligtig, må højst arbejde 2 timer")
    assert violation.message.endswith("vagten om onsdagen er 2 timer og 30 minutter.")


# --- Hours per week -------------------------------------------------------------------------------

# Tuesday-Friday 2 hours and Saturday 4 hours: 12 hours, with Sunday and Monday off.
SCHOOL_WEEK = [shift(day, "16:00", "18:00") for day in (TUE, WED, THU, FRI)]
HOLIDAY_WEEK_7 = [shift(day, "08:00", "15:00") for day in (MON, TUE, WED, THU, FRI)]
HOLIDAY_WEEK_8 = [shift(day, "08:00", "16:00") for day in (MON, TUE, WED, THU, FRI)]


def test_a_school_week_at_12_hours_is_allowed_and_a_minute_more_is_not():
    assert check(plan(14, [*SCHOOL_WEEK, shift(SAT, "10:00", "14:00")])) == []

    violation = only(plan(14, [*SCHOOL_WEEK, shift(SAT, "10:00", "14:01")]), "weekly_hours")
    assert violation.message == (
        "En 14-årig må højst arbejde 12 timer i en skoleuge; vagterne er i alt 12 timer og 1 minut."
    )
    assert (violation.source, violation.exception_allowed) == ("Arbejdsmiljøloven § 61, stk. 2", False)


def test_a_holiday_week_at_35_hours_is_allowed_and_a_minute_more_is_not():
    assert check(plan(14, HOLIDAY_WEEK_7, holiday_week=True)) == []

    over = [*HOLIDAY_WEEK_7[:4], shift(FRI, "08:00", "15:01")]
    assert codes(plan(14, over, holiday_week=True)) == ["daily_hours", "weekly_hours"]
    weekly = only(plan(14, over, holiday_week=True), "weekly_hours")
    assert "højst arbejde 35 timer i en uge uden skole" in weekly.message


@pytest.mark.parametrize(("age", "school", "holiday"), [(15, True, True), (16, False, False), (17, False, True)])
def test_forty_hours_a_week_is_the_top(age, school, holiday):
    assert check(plan(age, HOLIDAY_WEEK_8, in_compulsory_school=school, holiday_week=holiday)) == []

    over = [*HOLIDAY_WEEK_8, shift(SAT, "10:00", "10:01")]
    violation = only(plan(age, over, in_compulsory_school=school, holiday_week=holiday), "weekly_hours")
    assert "højst arbejde 40 timer" in violation.message
    assert violation.exception_allowed is (not school)


@pytest.mark.parametrize(
    ("age", "school", "holiday", "limit"),
    [(14, None, False, "12"), (14, None, True, "35"), (15, None, True, "40"), (16, False, False, "40")],
)
def test_the_stated_hours_per_week_are_checked_at_the_limit_and_just_over(age, school, holiday, limit):
    at_limit = plan(age, hours_per_week=Decimal(limit), in_compulsory_school=school, holiday_week=holiday)
    over = plan(age, hours_per_week=Decimal(limit) + Decimal("0.5"), in_compulsory_school=school, holiday_week=holiday)

    assert check(at_limit) == []
    violation = only(over, "weekly_hours_stated")
    assert f"højst arbejde {limit} timer" in violation.message
    assert f"jobbet er på {limit},5 timer om ugen" in violation.message


def test_hours_per_week_accepts_plain_numbers():
    assert plan(14, hours_per_week=12).hours_per_week == Decimal("12")
    assert codes(plan(14, hours_per_week="12.25")) == ["weekly_hours_stated"]


# --- The night window -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "allowed"),
    [
        ("14:00", "20:00", True),  # ends on the first minute of the night
        ("14:01", "20:01", False),
        ("06:00", "12:00", True),  # starts on the first minute after the night
        ("05:59", "11:59", False),
        ("19:00", "01:00", False),  # past midnight
        ("00:00", "02:00", False),
    ],
)
@pytest.mark.parametrize(("age", "school"), [(13, None), (14, None), (15, None), (17, True)])
def test_the_night_window_first_and_last_minute_in_school(age, school, start, end, allowed):
    work_plan = plan(age, [shift(SAT, start, end)], in_compulsory_school=school)

    if allowed:
        assert check(work_plan) == []
    else:
        violation = only(work_plan, "night_work")
        assert violation.exception_allowed is False
        assert violation.source == "Arbejdsmiljøloven § 61, stk. 4"
        assert f"vagten lørdag {start}-{end} ligger i det tidsrum" in violation.message


@pytest.mark.parametrize(
    ("start", "end", "exception", "trades"),
    [
        ("12:00", "20:00", None, None),
        ("12:01", "20:01", True, ("til kl. 22:00", "til kl. 24:00")),
        ("14:00", "22:00", True, ("til kl. 22:00", "til kl. 24:00")),
        ("14:01", "22:01", True, ("til kl. 24:00",)),
        ("16:00", "00:00", True, ("til kl. 24:00",)),
        ("16:01", "00:01", False, ()),
        ("06:00", "14:00", None, None),
        ("05:59", "13:59", True, ("fra kl. 04:00", "fra kl. 05:00")),
        ("05:00", "13:00", True, ("fra kl. 04:00", "fra kl. 05:00")),
        ("04:59", "12:59", True, ("fra kl. 04:00",)),
        ("04:00", "12:00", True, ("fra kl. 04:00",)),
        ("03:59", "11:59", False, ()),
        ("04:00", "20:01", False, ()),  # no trade has both the early start and the late end
    ],
)
def test_the_night_window_for_15_to_17_out_of_school_with_the_trade_exceptions(start, end, exception, trades):
    work_plan = plan(16, [shift(SAT, start, end)], in_compulsory_school=False)
    night = [violation for violation in check(work_plan) if violation.code == "night_work"]

    if exception is None:
        assert night == []
        return
    assert len(night) == 1
    assert night[0].exception_allowed is exception
    assert "kapitel 4" in night[0].source
    for trade in trades:
        assert trade in night[0].message
    if not exception:
        assert "Det er kun tilladt" not in night[0].message


def test_the_night_message_names_the_trades():
    violation = only(plan(16, [shift(FRI, "15:00", "21:30")], in_compulsory_school=False), "night_work")

    assert violation.message == (
        "En 16-årig må ikke arbejde mellem kl. 20:00 og 06:00; vagten fredag 15:00-21:30 ligger i det tidsrum. "
        "Det er kun tilladt i kontorer, butikker, servicestationer o.l. til kl. 22:00 og i hoteller, restauranter, "
        "grillbarer, teatre, biografer, koncertsteder o.l. til kl. 24:00."
    )


# --- Rest ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "school", "first", "second_start", "second_end", "ok"),
    [
        # 14 hours of rest for 13-14-year-olds and youth in school (a holiday week: 7-hour days).
        (14, None, ("13:00", "20:00"), "10:00", "17:00", True),
        (14, None, ("13:00", "20:00"), "09:59", "16:59", False),
        (15, None, ("12:00", "20:00"), "10:00", "18:00", True),
        (15, None, ("12:00", "20:00"), "09:59", "17:59", False),
        # 12 hours for 15-17-year-olds who finished school.
        (16, False, ("12:00", "20:00"), "08:00", "16:00", True),
        (16, False, ("12:00", "20:00"), "07:59", "15:59", False),
        (17, False, ("14:00", "22:00"), "10:00", "18:00", True),
        (17, False, ("14:00", "22:00"), "09:59", "17:59", False),
    ],
)
def test_rest_between_shifts_on_consecutive_days(age, school, first, second_start, second_end, ok):
    shifts = [shift(MON, *first), shift(TUE, second_start, second_end)]
    rest = [v for v in check(plan(age, shifts, in_compulsory_school=school, holiday_week=True)) if v.code == "rest"]

    assert len(rest) == (0 if ok else 1)
    if not ok:
        hours = limits_for(age, in_compulsory_school=school).rest_hours
        assert rest[0].message == (
            f"En {age}-årig{', der stadig er undervisningspligtig,' if age >= 15 and school is not False else ''} "
            f"skal have mindst {hours} timers sammenhængende hvile i døgnet; i døgnet fra vagten mandag "
            f"{first[0]}-{first[1]} er den længste hvile {hours - 1} timer og 59 minutter (næste vagt: tirsdag "
            f"{second_start}-{second_end})."
        )
        assert (rest[0].source, rest[0].exception_allowed) == ("Arbejdsmiljøloven § 62, stk. 1", False)


@pytest.mark.parametrize(("monday_start", "ok"), [("08:00", True), ("07:59", False)])
def test_rest_from_sunday_into_the_next_monday(monday_start, ok):
    shifts = [shift(SUN, "12:00", "20:00"), shift(MON, monday_start, "12:00")]

    assert ("rest" not in codes(plan(17, shifts, in_compulsory_school=False))) is ok


@pytest.mark.parametrize(("next_start", "ok"), [("12:00", True), ("11:59", False)])
def test_rest_after_a_shift_until_midnight(next_start, ok):
    # The day counts from Friday 16:00: the rest from midnight must last until Saturday 12:00.
    shifts = [shift(FRI, "16:00", "00:00"), shift(SAT, next_start, "14:00")]

    assert ("rest" not in codes(plan(17, shifts, in_compulsory_school=False))) is ok


@pytest.mark.parametrize(("second_end", "ok"), [("18:00", True), ("18:01", False)])
def test_a_split_day_may_span_at_most_24_hours_less_the_rest(second_end, ok):
    # 12 hours from the first start to the last end leave 12 hours of rest in the day (a free Sunday or not).
    split = [shift(SAT, "06:00", "09:59"), shift(SAT, "14:00", second_end)]

    assert codes(plan(17, split, in_compulsory_school=False)) == ([] if ok else ["rest"])


# --- Days off -------------------------------------------------------------------------------------------


def test_two_days_off_in_a_row_every_week():
    weekdays = [shift(day, "16:00", "18:00") for day in (MON, TUE, WED, THU, FRI)]
    assert check(plan(14, weekdays)) == []

    split_days_off = only(plan(14, [*weekdays[:4], shift(SAT, "10:00", "12:00")]), "days_off")
    assert split_days_off.exception_allowed is True  # only where two days in a row are not possible

    one_day_off = only(plan(14, [*weekdays, shift(SAT, "10:00", "11:00")]), "days_off")
    assert one_day_off.message == (
        "En 14-årig skal have to sammenhængende fridøgn om ugen; vagterne giver kun 1 fridag."
    )
    assert (one_day_off.source, one_day_off.exception_allowed) == ("Arbejdsmiljøloven § 62, stk. 2-3", False)


def test_days_off_may_be_postponed_only_for_youth_out_of_school():
    six_days = [shift(day, "10:00", "14:00") for day in range(6)]

    assert only(plan(16, six_days, in_compulsory_school=False), "days_off").exception_allowed is True
    assert only(plan(16, six_days, in_compulsory_school=True, holiday_week=True), "days_off").exception_allowed is False


def test_a_shift_past_midnight_takes_the_next_day():
    ends_at_midnight = [shift(day, "10:00", "14:00") for day in range(4)] + [shift(FRI, "16:00", "00:00")]
    runs_past = [shift(day, "10:00", "14:00") for day in range(4)] + [shift(FRI, "16:00", "00:01")]

    assert "days_off" not in codes(plan(17, ends_at_midnight, in_compulsory_school=False))
    assert "days_off" in codes(plan(17, runs_past, in_compulsory_school=False))


# --- Light work and hazards --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "school", "expected"), [(13, None, True), (14, None, True), (16, True, True), (16, False, False)]
)
def test_only_light_work_for_13_14_and_youth_in_school(age, school, expected):
    work_plan = plan(age, in_compulsory_school=school, light_work_only=False)

    assert (codes(work_plan) == ["light_work"]) is expected
    assert check(plan(age, in_compulsory_school=school, light_work_only=True)) == []


# hazard -> the youngest out-of-school age that may do it with a recorded justification (None: nobody)
HAZARD_EXCEPTION_AGE = {
    Hazard.DANGEROUS_MACHINES: 16,
    Hazard.DANGEROUS_SUBSTANCES: 15,
    Hazard.HEAVY_LIFTING: 13,
}


@pytest.mark.parametrize("hazard", list(Hazard))
@pytest.mark.parametrize(("age", "school"), [(13, None), (14, None), (15, False), (16, False), (16, True), (17, False)])
def test_hazards_are_forbidden_under_18_with_the_annexes_relaxations(hazard, age, school):
    violation = only(plan(age, hazards={hazard.value}, in_compulsory_school=school), f"hazard_{hazard.value}")

    youngest = HAZARD_EXCEPTION_AGE.get(hazard)
    in_school = limits_for(age, in_compulsory_school=school).in_compulsory_school
    school_matters = hazard != Hazard.HEAVY_LIFTING
    expected = youngest is not None and age >= youngest and not (school_matters and in_school)
    assert violation.exception_allowed is expected
    assert str(hazard.label) in violation.message
    assert violation.source.startswith("Bekendtgørelse om unges arbejde")


def test_hazards_come_in_the_order_of_the_choices_and_not_at_18():
    work_plan = plan(17, hazards=[Hazard.LOW_OXYGEN, Hazard.DANGEROUS_MACHINES], in_compulsory_school=False)

    assert codes(work_plan) == ["hazard_farlige_maskiner", "hazard_iltfattig_luft"]
    assert check(plan(18, hazards=set(Hazard.values))) == []


def test_hazard_is_usable_as_model_choices_with_danish_labels():
    assert Hazard.choices[:3] == [
        ("farlige_maskiner", "Farlige maskiner og tekniske hjælpemidler"),
        ("farlige_stoffer", "Farlige stoffer og materialer (fx faremærkede kemikalier)"),
        ("tunge_loeft", "Tunge løft (over 12 kg) og hårdt træk og skub"),
    ]
    assert set(young_workers.HAZARD_RULES) == set(Hazard)


def test_an_unknown_hazard_is_a_clear_error():
    with pytest.raises(ValidationError, match="Ukendt slags farligt arbejde: rumfart"):
        plan(16, hazards=["rumfart"])


# --- Shifts ---------------------------------------------------------------------------------------------


def test_shift_json_round_trip():
    data = {"weekday": 0, "start": "16:00", "end": "18:00"}

    assert Shift.from_json(data) == Shift(0, t("16:00"), t("18:00"))
    assert Shift.from_json(data).to_json() == data
    assert Shift.from_json({"weekday": 6, "start": "22:00:00", "end": "02:30"}).to_json() == {
        "weekday": 6,
        "start": "22:00",
        "end": "02:30",
    }


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [("16:00", "18:00", 120), ("22:00", "02:00", 240), ("16:00", "00:00", 480), ("08:00", "08:00", 1440)],
)
def test_a_shift_ending_at_or_before_its_start_runs_past_midnight(start, end, minutes):
    assert shift(MON, start, end).minutes == minutes


BAD_WEEKDAY = "Ugedagen skal være et tal fra 0 (mandag) til 6 (søndag)."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"weekday": 7, "start": "16:00", "end": "18:00"}, BAD_WEEKDAY),
        ({"weekday": True, "start": "16:00", "end": "18:00"}, BAD_WEEKDAY),
        ({"weekday": "1", "start": "16:00", "end": "18:00"}, BAD_WEEKDAY),
        ({"weekday": 1, "start": "25:00", "end": "18:00"}, "25:00 er ikke et klokkeslæt (skriv fx 16:00)."),
        ({"weekday": 1, "start": "kl. fire", "end": "18:00"}, "kl. fire er ikke et klokkeslæt (skriv fx 16:00)."),
        ({"weekday": 1, "start": "16:00"}, "En vagt skal have ugedag, start og slut."),
        (["16:00", "18:00"], "En vagt skal have ugedag, start og slut."),
    ],
)
def test_bad_shift_json_gives_a_danish_message(data, message):
    with pytest.raises(ValidationError) as error:
        Shift.from_json(data)

    assert error.value.messages == [message]


def test_shift_times_are_whole_minutes():
    with pytest.raises(ValidationError, match="hele minutter"):
        Shift(MON, datetime.time(16, 0, 30), t("18:00"))


def test_violations_serialise_for_storage():
    violation = only(plan(14, [shift(TUE, "16:00", "19:00")]), "daily_hours")

    assert Violation(**violation.to_json()) == violation


# --- The rules as Markdown ---------------------------------------------------------------------------


def test_rules_markdown_carries_every_rule_with_its_source():
    text = rules_markdown()

    for expected in (
        "Højst 2 timer på skoledage og 7 timer på andre dage; 12 timer i skoleuger og 35 timer i uger uden skole",
        "Højst 2 timer på skoledage og 8 timer på andre dage; 12 timer i skoleuger og 40 timer i uger uden skole",
        "Højst 8 timer om dagen og 40 timer om ugen",
        "ingen under 18 må arbejde mellem kl. 20:00 og 06:00",
        "14 timers sammenhængende hvile",
        "12 timer for 15-17-årige",
        "to sammenhængende fridøgn",
        "*(Kilde: Arbejdsmiljøloven § 61, stk. 2)*",
        "*(Kilde: Arbejdsmiljøloven § 62, stk. 1)*",
        "i bagerier og ved staldarbejde i landbruget fra kl. 04:00",
    ):
        assert expected in text
    for hazard in Hazard:
        assert f"- {hazard.label}. *(Kilde: {young_workers.HAZARD_RULES[hazard].source})*" in text
    assert "Særligt for branchen" not in text


@pytest.mark.parametrize(
    ("notes", "expected"),
    [
        (YoungWorkerNotes.RETAIL, "må arbejde i kontorer, butikker, servicestationer o.l. til kl. 22:00"),
        (YoungWorkerNotes.RETAIL, "må ikke arbejde alene"),
        (YoungWorkerNotes.HOTEL, "må arbejde i hoteller, restauranter, grillbarer, teatre, biografer, koncertsteder"),
        (YoungWorkerNotes.HOTEL, "koncertsteder o.l. til kl. 24:00"),
        (YoungWorkerNotes.HOTEL, "hvor der ikke serveres alkohol"),
        (YoungWorkerNotes.AGRICULTURE, "ved staldarbejde i landbruget fra kl. 04:00"),
        (YoungWorkerNotes.MANUFACTURING, "afskærmet eller standset"),
        (YoungWorkerNotes.CONSTRUCTION, "medhjælper under instruktion af en svend"),
        (YoungWorkerNotes.TRANSPORT, "ved omdeling af dagblade fra kl. 05:00"),
        (YoungWorkerNotes.CARE, "forflytning af personer"),
        (YoungWorkerNotes.CULTURE, CULTURAL_ACTIVITY_NOTE),
        (YoungWorkerNotes.CULTURE, HOTEL_NIGHT_EXCEPTION),
        (YoungWorkerNotes.BAKERY, "i bagerier og ved staldarbejde i landbruget fra kl. 04:00"),
    ],
)
def test_rules_markdown_adds_the_lines_of_the_trade(notes, expected):
    section = rules_markdown(notes).split("### Særligt for branchen", 1)

    assert len(section) == 2
    assert expected in section[1]


def test_every_trade_has_lines_and_none_adds_no_section():
    for notes in YoungWorkerNotes:
        assert ("### Særligt for branchen" in rules_markdown(notes)) == (notes != YoungWorkerNotes.NONE)
    assert rules_markdown() == rules_markdown(YoungWorkerNotes.NONE)


def test_the_transport_guide_carries_neither_the_hotel_hours_nor_the_cultural_note():
    # "sport" is inside "transport": matching on the name put both into this guide.
    text = rules_markdown(YoungWorkerNotes.TRANSPORT)

    assert HOTEL_NIGHT_EXCEPTION not in text
    assert CULTURAL_ACTIVITY_NOTE not in text
    assert "ved omdeling af dagblade fra kl. 05:00" in text.split("### Særligt for branchen", 1)[1]
