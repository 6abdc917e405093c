"""`python -m cli territory …`: territories defined as data, checked against the COG,
audited, carried by backup / restore; the built-in MNO and MELT stay."""

import json

import pytest

from cli.__main__ import main
from data import audit, reference, territories
from data.backup import backup, restore
from data.store import Store
from queries import context
from tests.data.test_store import commit, events
from tests.geo import small_layers as L


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    path = tmp_path / "donnees"
    monkeypatch.setenv("TBE_DATA_DIR", str(path))
    return path


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_add_show_list_remove(data_dir, capsys):
    code, out, _ = run(capsys, "territory", "add", "lens", "--label", "ML de Lens",
                       "--communes", L.LENS, L.LIEVIN, "--senior-age", "45")
    assert code == 0 and "2 commune(s)" in out
    assert context.territory_communes("lens") == [L.LENS, L.LIEVIN]
    d = territories.get("lens")
    assert (d["senior_age"], d["fte_hours"], d["low_level_max"]) == (45, 1607, 3)
    code, out, _ = run(capsys, "territory", "show", "lens")
    assert code == 0 and "62498 Lens" in out and "62510 Liévin" in out and "45 ans" in out
    assert "Contours pour la carte : 0 commune(s) sur 2 (les autres : python -m cli geo " \
        "import FICHIER)" in out
    assert ("Territoires de référence : Pas-de-Calais (département), Hauts-de-France "
            "(région), France") in out
    code, out, _ = run(capsys, "territory", "list")
    lines = out.splitlines()
    assert "mno;Métropole Nord-Ouest (ALPES);10;intégré" in lines
    assert "lens;ML de Lens;2;défini" in lines
    code, out, _ = run(capsys, "territory", "remove", "lens")
    assert code == 0
    assert "lens" not in territories.definitions()
    actions = [e["action"] for e in audit.entries(data_dir)]
    assert actions == ["territoire ajouté", "territoire supprimé"]


def test_a_code_in_capitals_is_kept_and_found_whatever_its_case(data_dir, capsys):
    assert run(capsys, "territory", "add", "LENS62", "--label", "ML de Lens", "--communes",
               L.LENS)[0] == 0
    assert "LENS62" in territories.definitions()
    code, out, _ = run(capsys, "territory", "show", "lens62")
    assert code == 0 and "62498 Lens" in out
    # codes separated by commas in one argument
    assert run(capsys, "territory", "set-communes", "LENS62", "62498,62510")[0] == 0
    assert territories.get("LENS62")["communes"] == (L.LENS, L.LIEVIN)
    code, _, err = run(capsys, "territory", "add", "lens62", "--label", "X", "--communes",
                       L.LENS)
    assert code == 2 and "existe déjà" in err


def test_set_communes_and_a_former_commune_mapped_with_a_message(data_dir, capsys):
    run(capsys, "territory", "add", "lens", "--label", "ML de Lens", "--communes", L.LENS)
    # 62294 Enguinegatte is a delegated commune of Enquin-lez-Guinegatte (62295)
    code, out, _ = run(capsys, "territory", "set-communes", "lens", L.LENS, "62294", L.AVION)
    assert code == 0
    assert "62294 (Enguinegatte) est une ancienne commune" in out and "62295" in out
    assert context.territory_communes("lens") == [L.LENS, "62295", L.AVION]
    entry = audit.entries(data_dir)[-1]
    assert entry["action"] == "communes du territoire modifiées" and entry["after"] == 3


@pytest.mark.parametrize("args, words", [
    (["--communes", "62498", "99999"], "99999"),
    (["--communes", "6249"], "06249"),  # a code of 4 digits read as 0xxxx: unknown
    (["--departement", "XX"], "département inconnu"),
    (["--epci", "123456789"], "EPCI inconnu"),
    (["--communes", "62498", "--low-level-max", "7"], "--low-level-max doit être entre 3 et 5"),
])
def test_unknown_codes_are_refused_in_french(data_dir, capsys, args, words):
    code, _, err = run(capsys, "territory", "add", "t1", "--label", "T", *args)
    assert code == 2
    assert err.startswith("Erreur : ") and words in err and "Traceback" not in err
    assert not (data_dir / "territories.json").exists()


def test_communes_epci_or_departement_is_required_in_french(data_dir, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["territory", "add", "t1", "--label", "T"])
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert "l'un de ces arguments est obligatoire : --communes --epci --departement" in err
    assert "required" not in err


def test_builtin_territories_stay_and_cannot_be_changed(data_dir, capsys):
    assert run(capsys, "territory", "add", "mno", "--label", "X", "--communes", L.LENS)[0] == 2
    code, _, err = run(capsys, "territory", "remove", "melt")
    assert code == 2 and "intégré" in err
    assert len(context.territory_communes("mno")) == 10
    code, _, err = run(capsys, "territory", "add", "nord", "--label", "X", "--communes", L.LENS)
    assert code == 2 and "réservé" in err
    for action in (["show", "inconnu"], ["remove", "inconnu"],
                   ["set-communes", "inconnu", L.LENS]):
        code, _, err = run(capsys, "territory", *action)
        assert code == 2 and "territoire inconnu « inconnu »" in err
    code, _, err = run(capsys, "geo", "import", "absent.gpkg")
    assert code == 2 and err == "Erreur : fichier introuvable : absent.gpkg\n"


def test_a_departement(data_dir, capsys):
    code, out, _ = run(capsys, "territory", "add", "pdc", "--label", "Pas-de-Calais",
                       "--departement", "62")
    assert code == 0
    codes = context.territory_communes("pdc")
    # COG 2024: the communes of the Pas-de-Calais, counted in the file by hand
    assert len(codes) == 890 and L.LENS in codes and all(c.startswith("62") for c in codes)
    assert "890 commune(s) sans contours" in out.replace("\u202f", " ")


def test_an_epci_known_from_imported_boundaries(data_dir, tmp_path, capsys):
    assert main(["geo", "import", str(L.geopackage(tmp_path))]) == 0
    code, _, _ = run(capsys, "territory", "add", "call", "--label", "CA Lens-Liévin",
                     "--epci", L.EPCI_LENS_LIEVIN)
    assert code == 0
    assert sorted(context.territory_communes("call")) == sorted(L.COMMUNES)


def test_an_epci_of_the_nord(data_dir, capsys):
    # the Métropole Européenne de Lille: 95 communes in geo/data/communes_mel.geojson
    assert run(capsys, "territory", "add", "mel", "--label", "MEL", "--epci", "200093201")[0] == 0
    assert len(context.territory_communes("mel")) == 95


def test_reference_territories_from_the_cog(data_dir, tmp_path, capsys):
    assert main(["geo", "import", str(L.geopackage(tmp_path))]) == 0
    run(capsys, "territory", "add", "lens", "--label", "ML de Lens", "--communes", L.LENS,
        L.LIEVIN)
    refs = territories.reference_territories("lens")
    assert list(refs) == [f"epci-{L.EPCI_LENS_LIEVIN}", "dep-62", "reg-32", "france"]
    assert refs["dep-62"] == "Pas-de-Calais (département)"
    assert refs["reg-32"] == "Hauts-de-France (région)"
    assert territories.default_reference("lens") == "dep-62"
    assert territories.default_reference("mno") == "nord"
    tc = reference.territory_communes()
    assert (tc["territory"] == "dep-62").sum() == 890
    assert sorted(tc.loc[tc["territory"] == f"epci-{L.EPCI_LENS_LIEVIN}", "code_insee"]) == \
        sorted(L.COMMUNES)
    assert reference.territory_labels()["dep-62"] == "Pas-de-Calais (département)"


def test_backup_and_restore_carry_territories_and_boundaries(data_dir, tmp_path, capsys):
    run(capsys, "territory", "add", "lens", "--label", "ML de Lens", "--communes", L.LENS)
    assert main(["geo", "import", str(L.geopackage(tmp_path))]) == 0
    store = Store(data_dir)
    commit(store, events(3))  # a backup needs a catalogue
    saved = backup(store, tmp_path / "sauvegarde.tar.gz")
    run(capsys, "territory", "remove", "lens")
    (data_dir / "geo" / "communes.geojson").unlink()
    restore(store, saved)
    assert territories.get("lens")["communes"] == (L.LENS,)
    layer = json.loads((data_dir / "geo" / "communes.geojson").read_text(encoding="utf-8"))
    assert {f["properties"]["code_insee"] for f in layer["features"]} == set(L.COMMUNES)


def test_every_option_has_french_help(capsys):
    for args in (["territory", "add", "--help"], ["geo", "import", "--help"]):
        with pytest.raises(SystemExit) as stop:
            main(args)
        assert stop.value.code == 0
        out = capsys.readouterr().out
        assert "Afficher cette aide et quitter." in out and "options" in out


def test_an_import_finds_its_territory_not_a_reference_one(data_dir, tmp_path, capsys):
    """The reference territories (EPCI, Nord, région, France) hold the same communes: the
    import still names the territory the file's communes belong to."""
    run(capsys, "territory", "add", "lens", "--label", "ML de Lens", "--communes", L.LENS,
        L.LIEVIN)
    lines = ["Mois;Code commune;Catégorie;Nombre de demandeurs d'emploi"]
    # Lambersart, Marcq-en-Barœul (MNO) and Lille (the MEL, not MNO): more of the file in
    # the MEL's reference territory than in MNO, yet MNO is the territory
    for code in ("59328", "59378", "59350"):
        lines.append(f"décembre 2024;{code};A;100")
    path = tmp_path / "mno.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run(capsys, "import", path)[0] == 0
    path = tmp_path / "lens.csv"
    path.write_text(lines[0] + f"\ndécembre 2024;{L.LENS};A;100\n", encoding="utf-8")
    assert run(capsys, "import", path)[0] == 0
    assert [r.territory for r in Store(data_dir).catalog().imports] == ["mno", "lens"]


def test_a_territory_is_never_its_own_default_reference(data_dir, capsys):
    """A whole département is compared with its région, a whole région with France; a
    part of a département keeps it (Lens: the Pas-de-Calais)."""
    assert run(capsys, "territory", "add", "pdc", "--label", "Tout le Pas-de-Calais",
               "--departement", "62")[0] == 0
    assert territories.default_reference("pdc") == "reg-32"  # Hauts-de-France
    region = [c for c, r in territories._commune_region().items() if r == "32"]
    territories.add("hdf", "Hauts-de-France", region, data_dir=data_dir)
    assert territories.default_reference("hdf") == "france"
    # all the Pas-de-Calais but one commune: still the Pas-de-Calais
    pdc = [c for c, (_n, dep) in territories.current_communes().items() if dep == "62"]
    territories.add("presque", "Presque tout", sorted(pdc)[1:], data_dir=data_dir)
    assert territories.default_reference("presque") == "dep-62"
