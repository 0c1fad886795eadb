"""A realistic legacy knelpuntenlijst, as a wijkteam keeps it in Excel.

A merged title over the columns on row 1, a note on row 2, Dutch headers on row 3, a hidden
sheet with pick lists before the real one, titles merged over two rows, an #N/B and an Excel
error, dates in four notations, resident data in some rows (BSN, names, phone, e-mail, address,
birth date), duplicates (exact and in other case and punctuation), and empty rows.

`build(path)` writes the file and returns what the import must make of it, so the tests know the
unique texts and every piece of resident data that must never come out again.
Run as a script to (re)write tests/exchange/fixtures/knelpuntenlijst_ruwaard.xlsx.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HEADERS = [
    "Nr.",
    "Datum melding",
    "Knelpunt",
    "Omschrijving van het knelpunt",
    "Wet / domein",
    "Organisatie",
    "Wijk",
    "Opgelost?",
    "Toelichting",
]

PROBLEMS = [
    (
        "Wachttijd bijstand",
        "de aanvraag bijstand pas na vier weken zoektijd in behandeling wordt genomen",
    ),
    (
        "Beslagvrije voet",
        "de beslagvrije voet verkeerd wordt berekend zodra er toeslagen binnenkomen",
    ),
    ("Wmo-indicatie", "de Wmo-indicatie voor huishoudelijke hulp langer dan acht weken duurt"),
    (
        "Jeugd naar Wmo",
        "de begeleiding uit de Jeugdwet stopt op de achttiende verjaardag zonder Wmo-vervolg",
    ),
    ("Urgentie woning", "een urgentieverklaring alleen geldt met een inschrijving van twee jaar"),
    (
        "Kostendelersnorm",
        "de kostendelersnorm de uitkering verlaagt als een volwassen kind thuis woont",
    ),
    (
        "Schuldhulp na scheiding",
        "schuldhulp pas start als beide ex-partners hun stukken hebben aangeleverd",
    ),
    (
        "Zorgverzekering",
        "een premieachterstand de zorgverzekering laat stoppen terwijl de zorg doorloopt",
    ),
    ("Re-integratie", "het re-integratietraject vervalt als iemand meer dan drie maanden ziek is"),
    ("Leerplicht", "de leerplichtambtenaar niet mag delen welke hulp al in het gezin betrokken is"),
    (
        "Toeslagen terugvordering",
        "de terugvordering van toeslagen de afgesproken betalingsregeling doorkruist",
    ),
    (
        "Dagbesteding",
        "dagbesteding en werk elkaar uitsluiten omdat twee loketten elk een eigen regel hebben",
    ),
    (
        "Postadres",
        "zonder postadres geen uitkering kan worden aangevraagd en zonder uitkering geen woning",
    ),
    (
        "Energietoeslag",
        "de energietoeslag niet wordt uitgekeerd aan mensen in een instelling met eigen kamer",
    ),
    (
        "Vervoer",
        "het leerlingenvervoer stopt bij een verhuizing binnen de gemeente tot een nieuwe aanvraag",
    ),
    (
        "Mantelzorg",
        "de mantelzorgwaardering niet wordt toegekend als de zorgvrager elders woont",
    ),
    (
        "Inkomensverklaring",
        "de schuldhulp pas kan starten na een inkomensverklaring van de Belastingdienst",
    ),
    (
        "Beschermd wonen",
        "uitstroom uit beschermd wonen vastloopt omdat er geen passende woning beschikbaar is",
    ),
    (
        "Bijzondere bijstand",
        "bijzondere bijstand voor inrichting pas na de verhuizing mag worden aangevraagd",
    ),
    (
        "Huurachterstand",
        "de corporatie een huurachterstand pas na drie maanden meldt bij de gemeente",
    ),
]

CONTEXTS = [
    "In de wijk zien we dat",
    "Bij meerdere gezinnen merken we dat",
    "Het wijkteam loopt er tegenaan dat",
    "Professionals melden dat",
    "Opnieuw bleek deze maand dat",
    "In het MDO kwam naar voren dat",
    "Bij jongeren zien we dat",
    "Bij ouderen valt op dat",
    "Bij gezinnen met schulden zien we dat",
    "Na een scheiding blijkt vaak dat",
    "Bij statushouders merken we dat",
    "Bij zzp'ers zien we dat",
    "Bij mensen met een licht verstandelijke beperking zien we dat",
    "In de avonduren blijkt dat",
    "Bij een spoedaanvraag blijkt dat",
    "Bij een herindicatie zien we dat",
]

EFFECTS = [
    "Daardoor loopt de huur op.",
    "Daardoor moest de hulp wachten.",
    "Het gezin kwam zonder inkomen te zitten.",
    "De inwoner haakte af bij het loket.",
    "Er ontstonden nieuwe schulden.",
]

DOMAINS = [
    "Participatiewet",
    "Wmo",
    "Jeugdwet",
    "schuldhulp",
    "Wonen",
    "Zvw",
    "PW / schulden",
    "WMO 2015",
]
ORGANISATIONS = [
    "Sociaal Wijkteam",
    "Woonstichting De Linde",
    "Gemeente Maasdal",
    "Welzijn Maasdal",
    "MEE",
]
AREAS = ["Ruwaard", "Centrum", "Noord", "Zuid"]
HANDLING = ["Nee", "Ja, maatwerk", "omweg gevonden", "Opgelost", "nee", "loopt nog", ""]

# Resident data as people type it in a list; every piece must be masked or refused.
RESIDENTS = [
    ("Mevrouw Jansen (BSN 123456782) belde opnieuw.", ["123456782", "Jansen"]),
    ("Dhr. Pieter de Vries, Kerkstraat 12, wacht al weken.", ["Pieter de Vries", "Kerkstraat 12"]),
    ("Bel mevrouw Bakker op 06-12345678 voor de stand van zaken.", ["06-12345678", "Bakker"]),
    ("Contact via fam.smit@example.nl.", ["fam.smit@example.nl"]),
    ("Geboren op 12-03-1984, alleenstaande moeder.", ["12-03-1984"]),
    ("Rekening NL91ABNA0417164300 staat rood.", ["NL91ABNA0417164300"]),
]
ONLY_RESIDENT = [  # rows with nothing but resident data: to be refused
    ("Fam. Yilmaz", "Mevrouw Yilmaz, BSN 111222333", ["Yilmaz", "111222333"]),
    ("Terugbellen", "Jan Visser 0412-123456", ["Jan Visser", "0412-123456"]),
]


@dataclass
class Expected:
    rows: int = 0  # data rows after the header, up to the last filled one
    unique_texts: list[str] = field(default_factory=list)  # what each imported row is about
    duplicates: int = 0
    empty: int = 0
    refused: int = 0
    masked: int = 0
    resident_data: list[str] = field(default_factory=list)


def _date_cell(rng: random.Random, day: datetime):
    notation = rng.randrange(5)
    if notation == 0:
        return day  # a real date cell
    if notation == 1:
        return day.strftime("%-d-%-m-%Y")
    if notation == 2:
        months = [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ]
        return f"{day.day} {months[day.month - 1]} {day.year}"
    if notation == 3:
        return (day - datetime(1899, 12, 30)).days  # an Excel serial typed as a number
    return day.strftime("%Y-%m-%d")


def build(path: Path, seed: int = 15, count: int = 300) -> Expected:
    rng = random.Random(seed)
    expected = Expected()
    book = Workbook()
    picklists = book.active
    picklists.title = "Keuzelijsten"
    for i, domain in enumerate(DOMAINS, start=1):
        picklists.cell(row=i, column=1, value=domain)
    picklists.sheet_state = "hidden"
    ws = book.create_sheet("Knelpunten")
    ws["A1"] = "Knelpuntenlijst Wijkteam Ruwaard 2024-2025"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws["A2"] = "Vertrouwelijk: alleen voor het wijkteam. Bijgewerkt na elke leersessie."
    for column, header in enumerate(HEADERS, start=1):
        ws.cell(row=3, column=column, value=header).font = Font(bold=True)

    combos = [(p, c) for p in PROBLEMS for c in CONTEXTS]
    rng.shuffle(combos)
    start = datetime(2024, 1, 8)
    row = 4
    texts: list[tuple[str, str]] = []  # (title, description) of unique rows without resident data
    last_filled = 3
    number = 0
    while number < count:
        number += 1
        kind = rng.random()
        day = start + timedelta(days=rng.randrange(600))
        cells = {
            1: "=ROW()-3",
            2: _date_cell(rng, day),
            5: rng.choice(DOMAINS),
            6: rng.choice(ORGANISATIONS),
            7: rng.choice(AREAS),
            8: rng.choice(HANDLING),
        }
        if kind < 0.06:  # an empty row in the middle of the list
            expected.empty += 1
            row += 1
            continue
        if kind < 0.16 and texts:  # a duplicate: the same text again, typed a little differently
            title, description = rng.choice(texts)
            variant = rng.randrange(3)
            if variant == 1:
                description = description.upper()
            elif variant == 2:
                description = "  " + description.replace(".", "").replace(",", " ,") + " "
            cells.update({3: title, 4: description})
            expected.duplicates += 1
        elif kind < 0.19:  # nothing but resident data
            title, description, data = ONLY_RESIDENT[rng.randrange(len(ONLY_RESIDENT))]
            cells.update({3: title, 4: description})
            expected.refused += 1
            expected.resident_data += data
        else:
            if not combos:
                break
            (title, problem), context = combos.pop()
            effect = rng.choice(EFFECTS)
            description = f"{context} {problem}. {effect}"
            if rng.random() < 0.15:
                resident, data = rng.choice(RESIDENTS)
                description = f"{resident} {description}"
                expected.masked += 1
                expected.resident_data += data
            cells.update({3: title, 4: description})
            if description.startswith(context):
                texts.append((title, description))
            expected.unique_texts.append(f"{context} {problem}")
            if rng.random() < 0.1:
                cells[9] = "Besproken in de leersessie; wacht op terugkoppeling van het loket."
        for column, value in cells.items():
            ws.cell(row=row, column=column, value=value)
        last_filled = row
        row += 1
    # Two related knelpunten under one title merged over two rows (the second title cell empty).
    for merged_row in range(4, row - 1):
        if (
            ws.cell(merged_row, 3).value
            and ws.cell(merged_row + 1, 4).value
            and (
                ws.cell(merged_row + 1, 3).value
                and ws.cell(merged_row + 1, 4).value != ws.cell(merged_row, 4).value
            )
        ):
            ws.cell(merged_row + 1, 3).value = None
            ws.merge_cells(
                start_row=merged_row, start_column=3, end_row=merged_row + 1, end_column=3
            )
            break
    # Excel errors: a lookup that failed (#N/B as Dutch Excel exports it) and a real error cell.
    for candidate in range(row - 1, 3, -1):
        if ws.cell(candidate, 4).value and ws.cell(candidate, 5).value:
            ws.cell(candidate, 5).value = "#N/B"
            break
    for candidate in range(5, row):
        if ws.cell(candidate, 4).value and not isinstance(ws.cell(candidate, 2).value, str):
            ws.cell(candidate, 2).value = "#N/A"
            break
    expected.empty -= row - 1 - last_filled  # empty rows after the last one are no rows
    expected.rows = last_filled - 3
    ws.column_dimensions["D"].width = 80
    book.save(path)
    return expected


if __name__ == "__main__":
    target = Path(__file__).parent / "fixtures" / "knelpuntenlijst_ruwaard.xlsx"
    target.parent.mkdir(exist_ok=True)
    result = build(target)
    print(target, result.rows, len(result.unique_texts), result.duplicates, result.empty)
