import pytest

from keten.core.regions import (
    BRUSSELS,
    CENTRES,
    EMERGENCY_NUMBER,
    FLEMISH,
    HOTLINE_NUMBER,
    PAG_ASA,
    PAYOKE,
    PHONE_NUMBERS,
    POLICE_NUMBER,
    POSTAL_RANGES,
    PROVINCE_LABELS,
    REGION_CENTRE,
    SURYA,
    WALLOON,
    PostalCodeError,
    postal_range,
    recommend_centres,
)

# The table of REFERENCE §5, written out again so that a change to the data is a visible change here.
EXPECTED = [
    (1000, 1299, "brussels_capital", BRUSSELS),
    (1300, 1499, "walloon_brabant", WALLOON),
    (1500, 1999, "flemish_brabant", FLEMISH),
    (2000, 2999, "antwerp", FLEMISH),
    (3000, 3499, "flemish_brabant", FLEMISH),
    (3500, 3999, "limburg", FLEMISH),
    (4000, 4999, "liege", WALLOON),
    (5000, 5999, "namur", WALLOON),
    (6000, 6599, "hainaut", WALLOON),
    (6600, 6999, "luxembourg", WALLOON),
    (7000, 7999, "hainaut", WALLOON),
    (8000, 8999, "west_flanders", FLEMISH),
    (9000, 9999, "east_flanders", FLEMISH),
]
# The highest code in use in each block (bpost's list): the codes above it do not exist.
IN_USE_UNTIL = [1212, 1495, 1985, 2990, 3473, 3990, 4990, 5680, 6596, 6997, 7973, 8980, 9992]
BOUNDARIES = [
    (code, province, region)
    for (first, _last, province, region), highest in zip(EXPECTED, IN_USE_UNTIL, strict=True)
    for code in (first, highest)
]


@pytest.mark.parametrize(("code", "province", "region"), BOUNDARIES)
def test_it_maps_every_range_boundary(code: int, province: str, region: str) -> None:
    recommendation = recommend_centres(str(code))
    assert recommendation.province == province
    assert recommendation.region == region
    assert recommendation.recommended == REGION_CENTRE[region]


def test_it_matches_the_reference_table() -> None:
    assert [(r.first, r.last, r.province, r.region) for r in POSTAL_RANGES] == EXPECTED


def test_it_covers_every_code_exactly_once() -> None:
    for code in range(1000, 10000):
        assert sum(1 for block in POSTAL_RANGES if code in block) == 1, code


def test_it_names_every_province() -> None:
    assert {block.province for block in POSTAL_RANGES} == set(PROVINCE_LABELS)


@pytest.mark.parametrize(
    ("code", "centre"),
    [
        ("1000", PAG_ASA),
        ("1210", PAG_ASA),
        ("2000", PAYOKE),
        ("9000", PAYOKE),
        ("4000", SURYA),
        ("1348", SURYA),
    ],
)
def test_it_recommends_the_centre_of_the_region(code: str, centre: str) -> None:
    assert recommend_centres(code).recommended == centre


@pytest.mark.parametrize("code", ["1000", "2000", "4000", "1300", "3500"])
def test_it_always_lists_all_three_centres_recommended_first(code: str) -> None:
    recommendation = recommend_centres(code)
    assert sorted(recommendation.centres) == sorted(CENTRES)
    assert len(recommendation.centres) == 3
    assert recommendation.centres[0] == recommendation.recommended


def test_it_accepts_surrounding_spaces() -> None:
    assert recommend_centres(" 2000 ").postal_code == "2000"


@pytest.mark.parametrize(
    "code",
    [
        "",
        "999",
        "0999",
        "0000",
        "10000",
        "abcd",
        "20 00",
        "2000a",
        "C-2000",
        "B--2000",
        "２０００",
        "-100",
        "+200",
    ],
)
def test_it_rejects_malformed_or_out_of_range_codes(code: str) -> None:
    with pytest.raises(PostalCodeError) as raised:
        recommend_centres(code)
    assert raised.value.message.render()


@pytest.mark.parametrize("code", ["B-1000", "B1000", "b-1000", "B 1000", "BE-1000", " 1000 "])
def test_it_accepts_the_belgian_prefix(code: str) -> None:
    recommendation = recommend_centres(code)
    assert (recommendation.postal_code, recommendation.region) == ("1000", BRUSSELS)


@pytest.mark.parametrize("code", ["9999", "9993", "1299", "5999", "B-9999"])
def test_it_refuses_codes_that_are_not_in_use(code: str) -> None:
    with pytest.raises(PostalCodeError) as raised:
        postal_range(code)
    assert raised.value.message.text == "%(code)s is not a Belgian postal code. Check the number."


def test_it_says_why_a_code_is_out_of_range() -> None:
    with pytest.raises(PostalCodeError) as raised:
        postal_range("0999")
    assert raised.value.message.params == {"code": "0999"}


def test_it_knows_the_numbers_to_call() -> None:
    assert (EMERGENCY_NUMBER, POLICE_NUMBER, HOTLINE_NUMBER) == ("112", "101", "+32 78 055 800")
    assert [number.id for number in PHONE_NUMBERS] == ["emergency", "police", "hotline"]
