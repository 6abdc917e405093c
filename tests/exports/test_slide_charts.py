"""A slide's chart by commune on a territory of many communes: its largest communes only."""

import pandas as pd

from exports import content, deck


def table(values: dict[str, float | None], masked: set[str]) -> content.CommuneTable:
    names = list(values)
    frame = pd.DataFrame({"code_insee": [f"59{n:03d}" for n in range(len(names))] + [None],
                          "commune": names + ["Total"],
                          "participants": [values[c] for c in names] + [999.0]})
    secret = pd.DataFrame({"participants": [c in masked for c in names] + [False]})
    return content.CommuneTable("plie", "PLIE", "PLIE", [], frame, secret)


def test_a_territory_of_more_communes_than_bars_shows_its_largest():
    # 30 communes: values 30, 29, … 1 for « C01 » … « C30 », « C02 » and « C03 » tied at
    # 29 (then by name), 14 masked (the small ones, « C17 » … « C30 »)
    values = {f"C{i:02d}": float(31 - i) for i in range(1, 31)}
    values["C03"] = 29.0
    masked = {f"C{i:02d}" for i in range(17, 31)}
    slide = deck._commune_chart(table(values, masked), "participants", "Participants", "k")
    # by hand: 16 communes shown (C01 … C16), fewer than 20 bars: all, no « premières »
    assert slide.chart.categories == [f"C{i:02d}" for i in range(1, 17)]
    assert slide.title == "Participants"
    assert slide.note == ("Non représentées (secret statistique) : C17, C18, C19, C20, C21, "
                          "C22, C23, C24, C25, C26, C27, C28 et 2 autres.")
    values.update({f"D{i:02d}": 100.0 + i for i in range(1, 11)})  # 10 larger communes
    slide = deck._commune_chart(table(values, masked), "participants", "Participants", "k")
    # by hand: 26 shown; the 20 largest are D10 … D01 (110 … 101), C01 (30), C02 and C03
    # (29, by name), C04 … C10 (27 … 21)
    expected = ([f"D{i:02d}" for i in range(10, 0, -1)] + ["C01", "C02", "C03"]
                + [f"C{i:02d}" for i in range(4, 11)])
    assert slide.chart.categories == expected
    assert slide.chart.series[0][1][:3] == [110.0, 109.0, 108.0]
    assert slide.title == "Participants (les 20 premières communes sur 26)"
