"""Person-level exports written as the tools write them: two PLIE tracking tools, two
Mission Locale (i-milo) layouts. No file is written by the importer's own code.

Every builder returns (file name, bytes). The people in them are invented; the figures
they must give are computed by hand in tests/ingest/test_person_corpus.py, from the rows
listed here.
"""

import datetime as dt
import io

import xlsxwriter

# Names, NIR, phones, e-mails and street addresses in the files: none may be stored.
PERSONAL = ["DURAND", "Sophie", "MARTIN", "Karim", "06 12 34 56 78", "sophie.durand@exemple.fr",
            "2 850 359 328 045 12", "12 rue Nationale", "0698765432", "k.benali@exemple.fr",
            "1 920 759 599 123 45", "LEFEBVRE", "Inès", "jeune1@exemple.fr", "DUBOIS"]


# -- PLIE, tool 1 ------------------------------------------------------------------------------
# A participant-tracking tool's « Extraction des participants » (CSV, Windows-1252, `;`, CRLF):
# two title lines, `N° dossier`, `Civilité` Monsieur/Madame, postal code + commune name in
# capitals, dd/mm/yyyy dates, ASP education codes (40, 50…), `Orienté par`, `Bénéficiaire RSA`,
# `Quartier prioritaire` + `Code quartier`, and a totals line at the bottom.
PLIE_TOOL1_HEADER = [
    "N° dossier", "Civilité", "Nom", "Prénom", "Date de naissance", "Adresse", "Code postal", "Commune",
    "Téléphone", "Courriel", "Niveau de formation", "Orienté par", "Bénéficiaire RSA",
    "Quartier prioritaire", "Code quartier", "Date d'entrée", "Date de sortie", "Motif de sortie",
]
# Territory MNO. (dossier, civilité, birth, postal, commune, ASP level, prescriber, RSA, QPV,
# QPV code, entry, exit, reason)
PLIE_TOOL1_ROWS = [
    ("D-2024-0101", "Madame", "14/02/1988", "59130", "LAMBERSART", "50", "Pôle emploi", "Oui", "Oui",
     "QN05970M", "15/03/2024", "30/06/2025", "CDI temps plein"),
    ("D-2024-0102", "Monsieur", "12/05/1970", "59700", "MARCQ EN BAROEUL", "40", "Conseil départemental",
     "Non", "Non", "", "02/09/2024", "", ""),
    ("D-2025-0001", "Madame", "03/11/1995", "59110", "LA MADELEINE", "41", "Mission locale", "Oui",
     "Non", "", "06/01/2025", "15/10/2025", "Déménagement"),
    ("D-2025-0002", "Monsieur", "21/07/1991", "59130", "LAMBERSART", "70", "Pôle emploi", "Non", "Oui",
     "QN05970M", "03/02/2025", "", ""),
    ("D-2025-0003", "Madame", "30/01/1985", "59700", "MARCQ EN BAROEUL", "30", "CCAS", "Non", "Oui",
     "QN05977M", "10/03/2025", "20/11/2025", "Abandon"),
    ("D-2025-0004", "Monsieur", "20/01/1974", "59118", "WAMBRECHIES", "50", "Candidature spontanée", "Oui",
     "Non", "", "14/04/2025", "31/12/2025", "Formation qualifiante"),
    ("D-2023-0150", "Madame", "08/08/1979", "59130", "LAMBERSART", "10", "Pôle emploi", "Non", "Non", "",
     "05/05/2023", "31/12/2024", "CDD de 6 mois et plus"),
    ("D-2025-0005", "Madame", "17/09/1990", "59520", "MARQUETTE LEZ LILLE", "60", "Conseil départemental",
     "Oui", "Non", "", "01/12/2025", "", ""),
]
_PERSONAL_1 = [("DURAND", "Sophie", "12 rue Nationale", "06 12 34 56 78", "sophie.durand@exemple.fr"),
               ("MARTIN", "Karim", "3 allée des Tilleuls", "0698765432", "k.benali@exemple.fr")]


def plie_tool1() -> tuple[str, bytes]:
    lines = ["Extraction des participants PLIE - Métropole Nord-Ouest;;;;;;;;;;;;;;;;;",
             "Édité le 06/01/2026 à 09:12 par l'administrateur;;;;;;;;;;;;;;;;;",
             ";".join(PLIE_TOOL1_HEADER)]
    for k, (dossier, civ, birth, cp, commune, level, prescriber, rsa, qpv, code, entry, exit_, reason) \
            in enumerate(PLIE_TOOL1_ROWS):
        nom, prenom, adresse, tel, mail = _PERSONAL_1[k % 2]
        lines.append(";".join([dossier, civ, nom, prenom, birth, adresse, cp, commune, tel, mail, level,
                               prescriber, rsa, qpv, code, entry, exit_, reason]))
    lines.append(f"Total participants;{len(PLIE_TOOL1_ROWS)};;;;;;;;;;;;;;;;")
    return "participants_plie.csv", ("\r\n".join(lines) + "\r\n").encode("cp1252")


# -- PLIE, tool 2 ------------------------------------------------------------------------------
# Another tracking tool's Excel export: a title row, an empty row, then the pathways (real
# Excel dates, `Code bénéficiaire`, `Sexe` H/F, `CP` + `Ville`, old education levels V/IV/V bis,
# ASP prescriber codes, RSA ticked with an X, `QPV` holding the quarter's code or « Hors QPV »,
# `Type de sortie` + `Motif de sortie`), and a second sheet of steps.
# Territory MELT. (code, sex, birth, CP, ville, level, prescriber code, RSA, QPV, entry, exit,
# exit type, reason)
PLIE_TOOL2_ROWS = [
    ("B0457", "F", dt.date(1982, 4, 2), "59200", "TOURCOING", "V", "3", "X", "QN05980M",
     dt.date(2023, 9, 4), dt.date(2024, 5, 31), "Sortie positive", "CDI"),
    ("B0461", "H", dt.date(1976, 10, 15), "59200", "TOURCOING", "V bis", "5", "X", "QN05983M",
     dt.date(2024, 1, 8), None, None, None),
    ("B0470", "H", dt.date(1999, 3, 9), "59250", "HALLUIN", "IV", "1", "", "Hors QPV",
     dt.date(2024, 2, 12), dt.date(2024, 11, 29), "Autre sortie", "CDD de 4 mois"),
    ("B0472", "F", dt.date(1993, 6, 21), "59420", "MOUVAUX", "III", "7", "", "Hors QPV",
     dt.date(2024, 3, 18), dt.date(2024, 12, 20), "Sortie neutre", "Raisons de santé"),
    ("B0480", "F", dt.date(1970, 12, 1), "59200", "TOURCOING", "VI", "3", "X", "QN05980M",
     dt.date(2024, 6, 3), None, None, None),
    ("B0388", "H", dt.date(1984, 1, 27), "59960", "NEUVILLE EN FERRAIN", "IV", "5", "", "Hors QPV",
     dt.date(2022, 5, 2), dt.date(2023, 6, 30), "Sortie positive", "Contrat de professionnalisation"),
]
PLIE_TOOL2_STEPS = [
    ("B0457", "Formation", "Titre professionnel ADVF", dt.date(2023, 10, 2), dt.date(2024, 3, 29), "X"),
    ("B0457", "Emploi", "CDI aide à domicile", dt.date(2024, 4, 2), None, ""),
    ("B0461", "Mobilisation", "Atelier CV", dt.date(2024, 2, 5), dt.date(2024, 2, 9), ""),
    ("B0480", "Emploi", "Contrat à durée déterminée d'insertion", dt.date(2024, 9, 2), None, ""),
]


def plie_tool2() -> tuple[str, bytes]:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    title = wb.add_format({"bold": True, "font_size": 14})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Parcours")
    headers = ["Code bénéficiaire", "Nom", "Prénom", "Sexe", "Date de naissance", "N° sécurité sociale",
               "Adresse", "CP", "Ville", "Portable", "Mail", "Niveau d'études", "Prescripteur", "RSA", "QPV",
               "Date d'entrée dans le PLIE", "Date de sortie du PLIE", "Type de sortie", "Motif de sortie"]
    ws.merge_range(0, 0, 0, 8, "PLIE Lys-Tourcoing — Liste des parcours", title)
    ws.write_row(2, 0, headers, head)
    people = [("LEFEBVRE", "Inès", "1 920 759 599 123 45", "5 rue de Lille", "0698765432", "jeune1@exemple.fr"),
              ("DUBOIS", "Karim", "2 850 359 328 045 12", "12 rue Nationale", "06 12 34 56 78",
               "k.benali@exemple.fr")]
    for r, (code, sex, birth, cp, ville, level, presc, rsa, qpv, entry, exit_, kind, reason) \
            in enumerate(PLIE_TOOL2_ROWS, start=3):
        nom, prenom, nir, adresse, tel, mail = people[r % 2]
        ws.write_row(r, 0, [code, nom, prenom, sex])
        ws.write_datetime(r, 4, dt.datetime.combine(birth, dt.time()), date)
        ws.write_row(r, 5, [nir, adresse, cp, ville, tel, mail, level, int(presc), rsa, qpv])
        ws.write_datetime(r, 15, dt.datetime.combine(entry, dt.time()), date)
        if exit_:
            ws.write_datetime(r, 16, dt.datetime.combine(exit_, dt.time()), date)
            ws.write_row(r, 17, [kind, reason])
    steps = wb.add_worksheet("Étapes")
    steps.write_row(0, 0, ["Code bénéficiaire", "Famille d'étape", "Étape", "Date de début", "Date de fin",
                           "Qualifiante"], head)
    for r, (code, family, step, start, end, qualifying) in enumerate(PLIE_TOOL2_STEPS, start=1):
        steps.write_row(r, 0, [code, family, step])
        steps.write_datetime(r, 3, dt.datetime.combine(start, dt.time()), date)
        if end:
            steps.write_datetime(r, 4, dt.datetime.combine(end, dt.time()), date)
        steps.write(r, 5, qualifying)
    wb.close()
    return "export_parcours_plie.xlsx", buf.getvalue()


# -- Mission Locale, i-milo report -------------------------------------------------------------
# An i-milo report saved as .xlsx: title lines, `Identifiant i-milo`, `Civilité` M./Mme, the
# commune as i-milo writes it (postal code + name, « 59130 LAMBERSART »), old levels
# « Niveau V », QPV Oui/Non, dd/mm/yyyy dates as text; sheets of programmes (i-milo end
# reasons with their typographic apostrophe) and of events (i-milo rendez-vous types).
# Territory MNO. (id, civilité, birth, commune, level, QPV, first reception)
ML_IMILO_YOUNG = [
    ("1234501", "Mme", "12/03/2004", "59130 LAMBERSART", "Niveau V", "Oui", "15/01/2025"),
    ("1234502", "M.", "05/09/2006", "59700 MARCQ EN BAROEUL", "Niveau IV", "Non", "03/02/2025"),
    ("1234503", "M.", "22/11/2003", "59110 LA MADELEINE", "Niveau V bis", "Non", "10/10/2024"),
    ("1234504", "Mme", "30/06/2005", "59700 MARCQ EN BAROEUL", "Niveau IV", "Oui", "07/04/2025"),
    ("1234505", "Mme", "18/02/2007", "59118 WAMBRECHIES", "Niveau VI", "Non", "02/06/2025"),
]
# (id, dispositif, start, end, end reason)
ML_IMILO_PROGRAMMES = [
    ("1234501", "CEJ", "20/01/2025", "", ""),
    ("1234502", "PACEA", "10/02/2025", "30/06/2025", "Changement d’accompagnement (autre modalité ou dispositif)"),
    ("1234502", "Contrat d'Engagement Jeune", "01/07/2025", "", ""),
    ("1234503", "CEJ", "04/11/2024", "03/11/2025", "Emploi durable (plus de 6 mois)"),
    ("1234504", "CEJ", "14/04/2025", "", ""),
]
# (id, date, type)
ML_IMILO_EVENTS = [
    ("1234501", "15/01/2025", "Entretien individuel conseiller"),
    ("1234501", "05/02/2025", "Atelier"),
    ("1234501", "12/03/2025", "Téléphone"),
    ("1234502", "03/02/2025", "Entretien individuel conseiller"),
    ("1234502", "17/02/2025", "Information collective"),
    ("1234503", "10/10/2024", "Entretien individuel conseiller"),
    ("1234503", "09/01/2025", "Entretien par un partenaire"),
    ("1234504", "07/04/2025", "SMS"),
    ("1234505", "02/06/2025", "Visite"),
]


def ml_imilo() -> tuple[str, bytes]:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    bold = wb.add_format({"bold": True})
    young = wb.add_worksheet("Jeunes")
    young.write(0, 0, "Mission Locale — Jeunes en contact", bold)
    young.write(1, 0, "Période du 01/01/2025 au 31/12/2025")
    young.write_row(3, 0, ["Identifiant i-milo", "Civilité", "Nom", "Prénom", "Date de naissance", "Adresse",
                           "Commune", "Téléphone", "Courriel", "Niveau de formation", "QPV",
                           "Date de 1er accueil", "Identifiant France Travail"], bold)
    for r, (ident, civ, birth, commune, level, qpv, first) in enumerate(ML_IMILO_YOUNG, start=4):
        young.write_row(r, 0, [ident, civ, "DURAND", "Sophie", birth, "12 rue Nationale", commune,
                               "06 12 34 56 78", "sophie.durand@exemple.fr", level, qpv, first, "1234567X"])
    progs = wb.add_worksheet("Dispositifs")
    progs.write_row(0, 0, ["Identifiant i-milo", "Dispositif", "Date de début", "Date de fin réelle",
                           "Motif de fin"], bold)
    for r, row in enumerate(ML_IMILO_PROGRAMMES, start=1):
        progs.write_row(r, 0, list(row))
    events = wb.add_worksheet("Événements")
    events.write_row(0, 0, ["Identifiant i-milo", "Date de l'événement", "Type d'événement"], bold)
    for r, row in enumerate(ML_IMILO_EVENTS, start=1):
        events.write_row(r, 0, list(row))
    wb.close()
    return "imilo_jeunes_2025.xlsx", buf.getvalue()


# -- Mission Locale, API-like extract ----------------------------------------------------------
# An extract with i-milo's technical field names (as the pass-emploi API reads them):
# `idDossier`, `sexe` 1/2, ISO dates, `adresse.codePostal` + `adresse.commune`, levels
# « Niveau 3 »…, `qpv` true/false + `codeQPV`; sheets dossiers, accompagnements, rendezvous.
# Territory MELT. (id, sexe, birth, CP, commune, level, qpv, code, first reception)
ML_API_YOUNG = [
    (88001, "2", "2004-08-14", "59200", "TOURCOING", "Niveau 3", "true", "QN05980M", "2024-02-05"),
    (88002, "1", "2003-01-30", "59200", "TOURCOING", "Niveau 4", "false", "", "2024-03-11"),
    (88003, "1", "2006-05-02", "59250", "HALLUIN", "Niveau 3", "false", "", "2024-09-16"),
    (88004, "2", "2005-12-24", "59420", "MOUVAUX", "Niveau 5", "false", "", "2023-11-20"),
]
# (id, dispositif, start, end, motif)
ML_API_PROGRAMMES = [
    (88001, "CEJ", "2024-02-12", "2025-02-11", "CDI"),
    (88002, "PACEA", "2024-03-18", "", ""),
    (88003, "CEJ", "2024-09-23", "", ""),
    (88004, "AIJ", "2023-12-04", "2024-06-03", "Formation"),
]
# (id, date, type)
ML_API_MEETINGS = [
    (88001, "2024-02-05T09:30:00", "Entretien individuel conseiller"),
    (88001, "2024-03-04T14:00:00", "Atelier"),
    (88002, "2024-03-11T10:00:00", "Entretien individuel conseiller"),
    (88003, "2024-09-16T11:00:00", "Entretien individuel conseiller"),
    (88003, "2024-10-07T11:00:00", "Entretien individuel conseiller"),
    (88004, "2024-01-08T16:00:00", "Information collective"),
]


def ml_api() -> tuple[str, bytes]:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    dossiers = wb.add_worksheet("dossiers")
    dossiers.write_row(0, 0, ["idDossier", "sexe", "nomNaissance", "prenom", "dateNaissance", "adresse.numero",
                              "adresse.libelleVoie", "adresse.codePostal", "adresse.commune", "mail",
                              "niveauFormation", "qpv", "codeQPV", "datePremierAccueil"])
    for r, (ident, sexe, birth, cp, commune, level, qpv, code, first) in enumerate(ML_API_YOUNG, start=1):
        dossiers.write_row(r, 0, [ident, sexe, "LEFEBVRE", "Inès", birth, "5", "rue de Lille", cp, commune,
                                  "jeune1@exemple.fr", level, qpv, code, first])
    acc = wb.add_worksheet("accompagnements")
    acc.write_row(0, 0, ["idDossier", "dispositif", "dateDebut", "dateFinReelle", "motifFin"])
    for r, row in enumerate(ML_API_PROGRAMMES, start=1):
        acc.write_row(r, 0, list(row))
    rdv = wb.add_worksheet("rendezvous")
    rdv.write_row(0, 0, ["idDossier", "date", "type"])
    for r, row in enumerate(ML_API_MEETINGS, start=1):
        rdv.write_row(r, 0, list(row))
    wb.close()
    return "extraction_imilo_api.xlsx", buf.getvalue()
