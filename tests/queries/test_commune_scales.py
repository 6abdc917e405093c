"""The ranks and secret of « Ma commune », kept once per territory as read-only arrays
(`comparison.CommuneScales`, `masking.SecretRows`), give what the per-commune functions
they replace give (`comparison.commune_ranks`, `masking.secret_of`) for every commune, and
no caller can change them."""

import math

import numpy as np
import pandas as pd
import pytest

from data import territories
from queries import comparison, context, masking, registry
from queries.comparison import CommuneScales
from queries.masking import SecretRows


def _same(a, b):
    return all((math.isnan(x) and math.isnan(y)) or x == y for x, y in zip(a, b, strict=True))


@pytest.fixture(scope="module")
def compared(demo_store):
    con = demo_store.connection()
    ids = [i for i, ind in registry.indicators().items() if not ind.hidden
           and i != "nb_communes"]
    communes = context.territory_communes("melt")
    month = context.latest_job_seeker_month(con, communes, 2023)
    by_commune, table = comparison.compare(con, "melt", communes, 2023,
                                           territories.default_reference("melt"), ids, month)
    return by_commune, table, ids


def test_scales_rank_every_commune_as_commune_ranks(compared):
    by_commune, table, _ids = compared
    body = by_commune[by_commune["code_insee"].notna()].set_index("code_insee")
    scales = CommuneScales(body, table)
    ranked = 0
    for commune in [*body.index, "99999"]:  # (and a commune outside the territory)
        want = comparison.commune_ranks(body, table, commune)
        got = scales.ranks(commune)
        assert all(_same(w, g) for w, g in zip(want, got, strict=True)), commune
        ranked += sum(not math.isnan(r) for r in got[1])
        want_pop = body.at[commune, "pop_totale"] if commune in body.index else math.nan
        assert _same([scales.population_of(commune)], [want_pop])
    assert ranked > 100  # ranks were compared, not only NaN


def test_scales_rank_ties_as_the_highest_first():
    # measures 5, 3, 3, 1 and one without: ranks 1, 2, 2, 4 among 4 communes
    registry_id = next(i for i, ind in registry.indicators().items()
                       if ind.unit == "%" and not ind.part_of)
    body = pd.DataFrame({registry_id: [5.0, 3.0, 3.0, 1.0, np.nan],
                         "pop_totale": [100.0, 200, 300, 400, 500]},
                        index=pd.Index(["a", "b", "c", "d", "e"], name="code_insee"))
    table = pd.DataFrame({"kind": [comparison.RATE]}, index=[registry_id])
    scales = CommuneScales(body, table)
    assert [scales.ranks(c)[1][0] for c in "abcd"] == [1, 2, 2, 4]
    assert scales.ranks("b")[2] == [4]
    assert math.isnan(scales.ranks("e")[1][0]) and scales.ranks("e")[2] == [0]
    assert scales.population_of("c") == 300
    with pytest.raises(ValueError):  # read-only: a caller cannot change the kept arrays
        scales.measures[0][0] = 0


def test_secret_rows_give_each_communes_hidden_figures(compared):
    by_commune, _table, ids = compared
    hidden = masking.table_secret(by_commune, ids)
    rows = SecretRows(hidden)
    found = 0
    for commune in [*hidden.index, "99999"]:
        assert rows.of(commune) == masking.secret_of(hidden, commune), commune
        found += len(rows.of(commune))
    assert found > 0  # some figures are hidden
    with pytest.raises(ValueError):
        rows.matrix[0, 0] = True
