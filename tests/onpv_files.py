"""Small ONPV-like files (IPRO, DEMO) and a job-seeker file for the MNO communes, written
here, and a store holding them. The figures are chosen so that every expected value of
the tests can be computed by hand from the lines below.

MNO's quarters: QN05970M Pacot - Vandracq (Lambersart 59328, 2015 code QP059072) and
QN05977M La Briquetterie (Marcq-en-Barœul 59378, QP059079). MNO's low level is the CAP
(ABC_INFCAPBEP + ABC_CAPBEP).

Pacot (QP059072 / QN05970M) and Briquetterie (QP059079 / QN05977M):

- IPRO 2021 (2015 codes), year 2021. Pacot: ABC 150, A 100, F 80, <25 20, 50+ 8,
  DUR3 50, DUR4 30, INFCAPBEP 30, CAPBEP 60, TX 52,5. Briquetterie: ABC 250, A 170,
  F 120, <25 empty (secret), 50+ 40, DUR3 80, DUR4 empty, INFCAPBEP 50, CAPBEP 100,
  TX 44,0.
- IPRO 2022 (2024 codes, no DUR nor level column), year 2022. Pacot: ABC 160, A 110,
  F 85, <25 21, 50+ 9, TX 53,0. Briquetterie: ABC 240, A 150, F 118, <25 30, 50+ 41,
  TX 45,0.
- DEMO 2021 (2015 codes, `A` = CAF recipients), year 2021. Pacot: POP_MUN 1 300, A 451.
  Briquetterie: POP_MUN 1 280, A 452.

Job seekers (A, B, C by commune): December 2021 Lambersart 600/250/150 (1 000),
Marcq 900/400/200 (1 500), Lompret 60/40 (100), MNO 2 600; December 2022 Lambersart
700/250/150 (1 100), Marcq 950/450/200 (1 600), Lompret 60/40 (100), MNO 2 800.
"""

from data.store import Store
from ingest.pipeline import commit, prepare

NNBSP = "\u202f"
PACOT, BRIQUETTERIE = "QN05970M", "QN05977M"
PACOT_2015, BRIQUETTERIE_2015 = "QP059072", "QP059079"
LAMBERSART, MARCQ, LOMPRET = "59328", "59378", "59356"

IPRO_2021 = (
    "\ufeffCODGEO;LIBGEO;TX_TOT_EMPL;ABCDE;ABC;ABC_F;ABC_H;A;ABC_25;ABC_2649;ABC_50;"
    "ABC_DUR1;ABC_DUR2;ABC_DUR3;ABC_DUR4;ABC_INFCAPBEP;ABC_CAPBEP;ABC_BAC;ABC_SUPBAC;;;\r\n"
    f"Ensemble;Ensemble des QPV;47,4;871{NNBSP}300;801{NNBSP}400;370{NNBSP}400;431{NNBSP}000;"
    f"560{NNBSP}800;123{NNBSP}500;491{NNBSP}900;186{NNBSP}100;1;1;1;1;1;1;1;1;;;\r\n"
    "QP001001;Grande Reyssouze;40,0;900;800;400;400;500;100;500;200;200;200;200;200;"
    "200;200;200;200;;;\r\n"
    "QP059072;Pacot - Vandracq;52,5;170;150;80;70;100;20;122;8;40;30;50;30;30;60;40;20;;;\r\n"
    "QP059079;La Briquetterie;44,0;270;250;120;130;170;;170;40;60;50;80;;50;100;60;40;;;\r\n"
)
IPRO_2022 = (
    "\ufeffCODGEO;LIBGEO;TX_TOT_EMPL;TX_TOT_EDLIM;ABCDE;ABC;ABC_F;ABC_H;A;ABC_25;ABC_2649;"
    "ABC_50;;;\r\n"
    "QN05970M;Pacot - Vandracq;53,0;20,0;175;160;85;75;110;21;130;9;;;\r\n"
    "QN05977M;La Briquetterie;45,0;21,0;260;240;118;122;150;30;169;41;;;\r\n"
)
DEMO_2021 = (
    "\ufeffCODGEO;LIBGEO;POP_MUN;POP_COM_QP;POP_COM;LIB_COM;TX_F;TX_TOT_0A24;A;PERCOU\r\n"
    f"QP059072;Pacot - Vandracq;1{NNBSP}300;1{NNBSP}300;27{NNBSP}415;Lambersart;53,2;42,4;451;"
    "993\r\n"
    f"QP059079;La Briquetterie;1{NNBSP}280;1{NNBSP}280;38{NNBSP}570;Marcq-en-Barœul;57,8;40,3;"
    f"452;1{NNBSP}051\r\n"
)
JOB_SEEKERS = {
    "2021-12": {LAMBERSART: (600, 250, 150), MARCQ: (900, 400, 200), LOMPRET: (60, 40, 0)},
    "2022-12": {LAMBERSART: (700, 250, 150), MARCQ: (950, 450, 200), LOMPRET: (60, 40, 0)},
}
MONTHS = {"2021-12": "décembre 2021", "2022-12": "décembre 2022"}


def job_seekers_csv(months=("2021-12", "2022-12")) -> bytes:
    lines = ["Mois;Code commune;Catégorie;Nombre de demandeurs d'emploi"]
    for month in months:
        for code, counts in JOB_SEEKERS[month].items():
            for category, n in zip("ABC", counts, strict=True):
                if n:
                    lines.append(f"{MONTHS[month]};{code};{category};{n}")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def load(store: Store, *, ipro_2022: bool = True, job_seeker_months=("2021-12", "2022-12"),
         period_2021: str = "2021", period_2022: str = "2022") -> Store:
    """The files above imported into `store`, the DEMO file before the IPRO file of the
    same year (so that, whatever the importer keeps of a column both name `A`, the job
    seekers' `A` is the last written)."""
    files = [(job_seekers_csv(job_seeker_months), "demandeurs_mno.csv", None, "de_commune"),
             (DEMO_2021.encode("utf-8"), "DEMO_2021.csv", period_2021, "pop_qpv"),
             (IPRO_2021.encode("utf-8"), "IPRO_2021.csv", period_2021, "de_qpv")]
    if ipro_2022:
        files.append((IPRO_2022.encode("utf-8"), "IPRO_2022.csv", period_2022, "de_qpv"))
    for raw, name, period, source in files:
        prepared = prepare(store, raw, name, source=source, period=period, territory="mno")
        commit(store, prepared, user="test")
    return store
