"""Corpora to measure the guard: generated knelpunt texts and hand-written hurried sentences.

Used by benchmarks/privacy_corpus.py (large) and tests/privacy (small). It needs Faker, a
development dependency, so it lives with the tests and never in the runtime package.

Generated texts record every inserted value with its kind and offsets, so recall can be
counted exactly; clean texts carry the numbers, dates, places and organisations that tempt
a scanner to over-flag. The hurried sentences (data/) were written by hand by people who
had not seen the guard's code: "tune", "tune2" and "tune3" (a second and third writer) may
be read while improving it, "heldout" and "heldout3" only measured.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from faker import Faker

from learning import timeutil
from learning.privacy.finding import Finding
from learning.privacy.validators import is_valid_bsn

STRUCTURED_KINDS = ("bsn", "iban", "phone", "email")
CONTEXT_KINDS = ("name", "address", "birthdate")

# shared/ sits beside the checkout: <repo>/../shared/data/.
DEV_CORPUS = Path(__file__).resolve().parents[2].parent / "shared/data/knelpunten-dev.jsonl"
HURRIED_TUNE = Path(__file__).resolve().parent / "data/hurried_tune.jsonl"
HURRIED_TUNE2 = Path(__file__).resolve().parent / "data/hurried_tune2.jsonl"
# A third writer's file, measured once on the unchanged guard (recall 0.920, 6.0 % of
# clean sentences flagged) before it was read.
HURRIED_TUNE3 = Path(__file__).resolve().parent / "data/hurried_tune3.jsonl"
HURRIED_HELDOUT = Path(__file__).resolve().parent / "data/hurried_heldout.jsonl"
# A second held-out file, written by another writer after the first round of rules and
# added only when the rules were final; it was measured, never read.
HURRIED_HELDOUT3 = Path(__file__).resolve().parent / "data/hurried_heldout3.jsonl"
# A third held-out file, by a fourth writer, measured once before the third tune round
# (recall 0.912, 5.8 % clean flagged) and once after it; never read.
HURRIED_HELDOUT4 = Path(__file__).resolve().parent / "data/hurried_heldout4.jsonl"
HURRIED_HELDOUT5 = Path(__file__).resolve().parent / "data/hurried_heldout5.jsonl"

_IBAN_LOCALES = (
    "nl_NL", "nl_NL", "nl_NL", "nl_BE", "de_DE", "fr_FR", "en_GB", "es_ES", "it_IT",
    "pl_PL", "pt_PT", "fi_FI", "no_NO", "de_AT", "de_CH", "tr_TR", "cs_CZ", "ro_RO",
)  # fmt: skip
_MUNICIPALITIES = (
    "Tilburg", "Oss", "Oosterhout", "Den Bosch", "'s-Hertogenbosch", "Amsterdam", "Breda",
    "Eindhoven", "Meierijstad", "Bernheze", "Waalwijk", "Dongen", "Goirle", "Rotterdam",
    "Utrecht", "Nijmegen", "Helmond", "Roosendaal", "Bergen op Zoom", "Heusden",
)  # fmt: skip
_ORGANISATIONS = (
    "het UWV", "de SVB", "het CAK", "het CIZ", "de GGD", "Veilig Thuis", "de Belastingdienst",
    "DUO", "het CJIB", "de corporatie", "het wijkteam", "de kredietbank", "de GGZ",
    "de zorgverzekeraar", "de woningcorporatie", "Humanitas", "de Voedselbank",
    "het Juridisch Loket", "de bewindvoerder", "de werkcoach",
)  # fmt: skip
_LAWS = ("Wmo", "Jeugdwet", "Participatiewet", "Zvw", "Wlz", "Wgs", "Wmo 2015", "WW")

# {v} is the personal value; the other fields are filled with system words.
_STRUCTURED_TEMPLATES: dict[str, tuple[str, ...]] = {
    "bsn": (
        "Mevrouw moest haar BSN {v} drie keer doorgeven aan {org}.",
        "Op het formulier van {org} stond burgerservicenummer {v}, maar de aanvraag liep vast.",
        "BSN: {v}. {Org} kan het dossier niet vinden in het systeem.",
        "Jongere (19) uit {gemeente} ({v}) valt tussen {wet} en {wet2} in.",
        "{v} is het nummer waarmee {org} de cliënt niet kon koppelen.",
        "De melding bij {org} onder bsn {v} werd na 6 weken gesloten zonder besluit.",
        "Cliënt heeft sofinummer/BSN {v}; de gemeente {gemeente} vraagt het toch opnieuw op",
    ),
    "iban": (
        "Toeslag werd gestort op rekening {v} van de ex-partner.",
        "De huur gaat automatisch van {v}, ook nadat {org} beslag legde.",
        "IBAN {v} staat nog op naam van de overleden vader; {org} wil niet wijzigen.",
        "Betaling via {v} lukt niet, {org} accepteert alleen een Nederlandse rekening.",
        "Rekeningnummer: {v}. De bank sluit de rekening per {recent}.",
        "{v} werd door {org} geblokkeerd omdat er een vordering openstond",
        "Bewindvoerder beheert {v} en krijgt de post van {org} niet.",
    ),
    "phone": (
        "Moeder is alleen bereikbaar op {v} en {org} belt altijd anoniem.",
        "Tel. {v}, maar de voicemail van {org} is vol.",
        "Terugbellen naar {v} lukte niet; de bezwaartermijn bij {org} verstreek.",
        "Cliënt ({v}) wacht al 8 weken op een gesprek met {org} in {gemeente}.",
        "{v} is het enige nummer dat {org} heeft, het hoort bij de buurvrouw.",
        "Contact via {v} of via het wijkteam in {gemeente}",
        "De jongere gaf {v} op als telefoonnummer, {org} stuurde toch een brief.",
    ),
    "email": (
        "Mail naar {v} kwam terug; {org} heeft geen ander adres.",
        "De beschikking van {org} ging naar {v}, een adres dat de cliënt niet meer gebruikt.",
        "E-mail: {v}. Geen reactie van de gemeente {gemeente} na 4 weken.",
        "{v} staat in het dossier bij {org}, maar de brieven gaan per post.",
        "Cliënt vroeg om contact via {v} ({org} mailt niet beveiligd)",
        "Via {v} meldde de zoon dat {org} de {wet}-aanvraag kwijt was.",
    ),
}
_CONTEXT_TEMPLATES: dict[str, tuple[str, ...]] = {
    "name": (
        "Mevrouw {v} krijgt geen {wet}-indicatie omdat {org} eerst een diagnose wil.",
        "Gesprek met {v} over de schulden; {org} wil geen betalingsregeling.",
        "Dhr. {v} woont in {gemeente} en wacht al 5 maanden op {org}.",
        "De dochter van {v} belde met {org} over de eigen bijdrage.",
    ),
    "address": (
        "Cliënt woont op {v} en {org} stuurt de post naar het oude adres.",
        "Na de verhuizing naar {v} moest alles bij {org} opnieuw worden aangevraagd.",
        "Het gezin staat ingeschreven op {v}, maar {org} zegt dat het adres niet klopt.",
    ),
    "birthdate": (
        "Jongen, geboren op {v}, valt sinds zijn verjaardag onder de {wet}.",
        "Cliënt (geb. {v}) kreeg de aanvraag bij {org} afgewezen.",
        "Geboortedatum: {v}. De {wet}-aanvraag wordt pas na 8 weken behandeld.",
        "Mevrouw is geboren {v} en heeft nooit AOW-opbouw gehad.",
    ),
}
_CLEAN_TEMPLATES = (
    "Zaaknummer {case} ligt sinds {recent} stil bij {org} in {gemeente}.",
    "{Org} vordert € {amount} terug over {year}, terwijl de {wet} dat niet verplicht.",
    "Dossier {dossier} is na {n} weken overgedragen van {org} naar het wijkteam {gemeente}.",
    "Per 1 januari 2015 valt dit onder de {wet}, maar {org} verwijst naar de {wet2}.",
    "Aanvraag gedaan op {recent}, beslissing pas op {recent2}; de cliënt had {n} weken niets.",
    "De gemeente {gemeente} rekent {amount} euro eigen bijdrage, {gemeente2} niets.",
    "Gesprek gepland om 09.30-10.30 uur; {org} kwam niet en er werd pas in week {n} opnieuw"
    " gepland.",
    "Klantnummer {customer} bij {org} hoort bij het oude adres in {gemeente}.",
    "Artikel {n} van de verordening {wet} sluit jongeren van {age} uit.",
    "Jongere ({age}) kan niet naar {gemeente} verhuizen zonder dat {org} de {wet} opnieuw"
    " beoordeelt.",
    "Het budget van {amount} euro per jaar is op 1 juli al op; {org} maakt geen uitzondering.",
    "In {year} waren er {count} meldingen bij {org}, {n}% meer dan het jaar ervoor.",
    "Postbus {postbus} in {gemeente} is het enige adres waar {org} bezwaar accepteert.",
    "Na {n} aanmaningen volgt een dwangbevel van {org} met {amount} euro extra kosten.",
)


@dataclass(frozen=True)
class Sample:
    """One generated text and the personal data placed in it: (kind, start, end)."""

    text: str
    expected: tuple[tuple[str, int, int], ...]


def make_bsn(rng: random.Random) -> str:
    """A random 9-digit number that passes the 11-proef."""
    while True:
        digits = f"{rng.randrange(10**8):08d}"
        total = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        check = total % 11
        if check < 10 and is_valid_bsn(digits + str(check)):
            return digits + str(check)


def format_bsn(bsn: str, rng: random.Random) -> str:
    """The notations professionals use for a BSN."""
    style = rng.randrange(6)
    if style == 1:
        return f"{bsn[:3]}.{bsn[3:6]}.{bsn[6:]}"
    if style == 2:
        return f"{bsn[:3]} {bsn[3:6]} {bsn[6:]}"
    if style == 3:
        return f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}"
    if style == 4:
        return f"{bsn[:3]}-{bsn[3:6]}-{bsn[6:]}"
    return bsn


def format_iban(iban: str, rng: random.Random) -> str:
    """Compact or grouped by four, upper or lower case."""
    if rng.random() < 0.5:
        iban = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    return iban.lower() if rng.random() < 0.2 else iban


def make_phone(fake: Faker, rng: random.Random) -> str:
    """Faker's Dutch formats plus mobile, landline, service and +31 / 0031 notations."""
    if rng.random() < 0.4:
        return fake.phone_number()
    mobile = "".join(str(rng.randrange(10)) for _ in range(8))
    area = rng.choice(("10", "13", "20", "30", "40", "43", "50", "73", "76", "88"))
    area3 = rng.choice(("412", "413", "416", "162", "161", "229", "251", "345", "495"))
    first = str(rng.randrange(2, 10))
    land = first + "".join(str(rng.randrange(10)) for _ in range(6))
    land3 = first + "".join(str(rng.randrange(10)) for _ in range(5))
    service = rng.choice(("0800", "0900"))
    return rng.choice(
        (
            f"06-{mobile}",
            f"06 {mobile[:4]} {mobile[4:]}",
            f"06 {mobile[:2]} {mobile[2:4]} {mobile[4:6]} {mobile[6:]}",
            f"06{mobile}",
            f"+31 6 {mobile}",
            f"+316{mobile}",
            f"+31 (0)6 {mobile[:4]} {mobile[4:]}",
            f"0031 6 {mobile}",
            f"0{area}-{land}",
            f"(0{area}) {land[:3]} {land[3:5]} {land[5:]}",
            f"0{area} {land[:3]} {land[3:]}",
            f"0{area3}-{land3}",
            f"(0{area3}) {land3[:2]} {land3[2:4]} {land3[4:]}",
            f"+31 {area} {land}",
            f"{service}-{land[:4]}",
            f"{service} {land[:3]} {land[3:5]} {land[5:]}",
        )
    )


def make_email(fake: Faker, rng: random.Random) -> str:
    """Private, free-mail and company addresses, sometimes with capitals."""
    address = rng.choice((fake.email(), fake.free_email(), fake.company_email()))
    if rng.random() < 0.2:
        local, domain = address.split("@")
        address = f"{local.title()}@{domain.capitalize()}"
    return address


def make_birthdate(fake: Faker, rng: random.Random) -> str:
    """A birth date of a resident aged 14-90 in a Dutch notation."""
    born = fake.date_of_birth(minimum_age=14, maximum_age=90)
    months = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus")
    months += ("september", "oktober", "november", "december")
    return rng.choice(
        (
            f"{born.day:02d}-{born.month:02d}-{born.year}",
            f"{born.day}-{born.month}-{born.year}",
            f"{born.day} {months[born.month - 1]} {born.year}",
            f"{born.day:02d}/{born.month:02d}/{born.year}",
            born.isoformat(),
        )
    )


def make_address(fake: Faker, rng: random.Random) -> str:
    """A Dutch street address, with postcode and town half of the time."""
    street = fake.street_address()
    if rng.random() < 0.5:
        return f"{street}, {fake.postcode()} {rng.choice(_MUNICIPALITIES[:6])}"
    return street


def _fill(template: str, value: str, kind: str, rng: random.Random) -> Sample:
    fields = _system_fields(rng)
    head, _, tail = template.partition("{v}")
    prefix = head.format(**fields)
    text = prefix + value + tail.format(**fields)
    return Sample(text, ((kind, len(prefix), len(prefix) + len(value)),))


def _system_fields(rng: random.Random) -> dict[str, str]:
    org = rng.choice(_ORGANISATIONS)
    wet, wet2 = rng.sample(_LAWS, 2)
    gemeente, gemeente2 = rng.sample(_MUNICIPALITIES, 2)
    today = timeutil.today()
    recent = today - timedelta(days=rng.randrange(1, 900))
    recent2 = recent + timedelta(days=rng.randrange(20, 200))
    return {
        "org": org,
        "Org": org[0].upper() + org[1:],
        "wet": wet,
        "wet2": wet2,
        "gemeente": gemeente,
        "gemeente2": gemeente2,
        "recent": f"{recent.day}-{recent.month}-{recent.year}",
        "recent2": f"{recent2.day} {_month_name(recent2.month)} {recent2.year}",
        "year": str(rng.randrange(today.year - 10, today.year + 1)),
        "amount": rng.choice(("1.250", "312", "46,50", "4.300", "85", "12.600,00")),
        "case": f"{today.year - rng.randrange(3)}-{rng.randrange(10**6):06d}",
        "dossier": _invalid_bsn_like(rng),
        "customer": str(rng.randrange(10**9, 10**10)),
        "n": str(rng.randrange(2, 30)),
        "age": str(rng.randrange(16, 27)),
        "count": f"{rng.randrange(1, 9)}.{rng.randrange(1000):03d}",
        "postbus": str(rng.randrange(100, 99999)),
    }


def _month_name(month: int) -> str:
    return [
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
    ][month - 1]


def _invalid_bsn_like(rng: random.Random) -> str:
    """A 9-digit reference number that fails the 11-proef, as most dossier numbers do."""
    while True:
        number = f"{rng.randrange(10**8, 10**9)}"
        if not is_valid_bsn(number):
            return number


def structured_samples(count: int, seed: int = 20250601) -> list[Sample]:
    """`count` texts per structured kind, each with one BSN, IBAN, phone or e-mail."""
    rng = random.Random(seed)
    Faker.seed(seed)
    fake = Faker("nl_NL")
    iban_fakers = {locale: Faker(locale) for locale in set(_IBAN_LOCALES)}
    makers: dict[str, Callable[[], str]] = {
        "bsn": lambda: format_bsn(rng.choice((make_bsn(rng), fake.ssn())), rng),
        "iban": lambda: format_iban(iban_fakers[rng.choice(_IBAN_LOCALES)].iban(), rng),
        "phone": lambda: make_phone(fake, rng),
        "email": lambda: make_email(fake, rng),
    }
    return [
        _fill(rng.choice(_STRUCTURED_TEMPLATES[kind]), makers[kind](), kind, rng)
        for kind in STRUCTURED_KINDS
        for _ in range(count)
    ]


def context_samples(count: int, seed: int = 20250602) -> list[Sample]:
    """`count` texts per name / address / birth-date kind (reported, not a hard target)."""
    rng = random.Random(seed)
    Faker.seed(seed)
    fake = Faker("nl_NL")
    makers: dict[str, Callable[[], str]] = {
        "name": fake.name,
        "address": lambda: make_address(fake, rng),
        "birthdate": lambda: make_birthdate(fake, rng),
    }
    return [
        _fill(rng.choice(_CONTEXT_TEMPLATES[kind]), makers[kind](), kind, rng)
        for kind in CONTEXT_KINDS
        for _ in range(count)
    ]


def clean_samples(count: int, seed: int = 20250603) -> list[str]:
    """Texts without personal data but full of numbers, dates, places and organisations."""
    rng = random.Random(seed)
    return [rng.choice(_CLEAN_TEMPLATES).format(**_system_fields(rng)) for _ in range(count)]


def load_dev_texts(path: Path = DEV_CORPUS) -> list[str]:
    """The "text" field of every line of the shared knelpunten dev set (empty if absent)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines if line.strip()]


def recall(samples: Iterable[Sample], scan: Callable[[str], list[Finding]]) -> Counter[str]:
    """Count per kind "<kind>_total" and "<kind>_found" (same kind, exact span)."""
    counts: Counter[str] = Counter()
    for sample in samples:
        found = {(f.kind, f.start, f.end) for f in scan(sample.text)}
        for expected in sample.expected:
            counts[f"{expected[0]}_total"] += 1
            counts[f"{expected[0]}_found"] += expected in found
    return counts


def evaluate(
    structured: list[Sample],
    clean: list[str],
    scan: Callable[[str], list[Finding]],
    context: list[Sample] | None = None,
) -> dict[str, object]:
    """The corpus figures: structured recall, clean flag rate, and a per-kind breakdown."""
    counts = recall(structured, scan)
    structured_total = sum(counts[f"{k}_total"] for k in STRUCTURED_KINDS)
    structured_found = sum(counts[f"{k}_found"] for k in STRUCTURED_KINDS)
    flagged = [text for text in clean if scan(text)]
    figures: dict[str, object] = {
        "structured_total": structured_total,
        "structured_found": structured_found,
        "recall": round(structured_found / structured_total, 4) if structured_total else 1.0,
        "clean_total": len(clean),
        "clean_flagged": len(flagged),
        "clean_flag_rate": round(len(flagged) / len(clean), 4) if clean else 0.0,
        "recall_by_kind": {
            kind: round(counts[f"{kind}_found"] / counts[f"{kind}_total"], 4)
            for kind in STRUCTURED_KINDS
            if counts[f"{kind}_total"]
        },
    }
    if context:
        context_counts = recall(context, scan)
        figures["context_recall_by_kind"] = {
            kind: round(context_counts[f"{kind}_found"] / context_counts[f"{kind}_total"], 4)
            for kind in CONTEXT_KINDS
            if context_counts[f"{kind}_total"]
        }
    return figures


@dataclass(frozen=True)
class Sentence:
    """One hand-written sentence: the personal data in it as exact substrings."""

    id: str
    text: str
    spans: tuple[str, ...]

    @property
    def pii(self) -> bool:
        return bool(self.spans)


def load_hurried(path: Path) -> list[Sentence]:
    """Sentences of a hurried_*.jsonl file ({"id", "text", "pii", "spans"} per line)."""
    with path.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    return [Sentence(r["id"], r["text"], tuple(r["spans"])) for r in records]


def covered(sentence: Sentence, findings: list[Finding]) -> bool:
    """True when every non-space character of every span lies inside some finding."""
    for span in sentence.spans:
        start = sentence.text.index(span)
        for position in range(start, start + len(span)):
            if sentence.text[position].isspace():
                continue
            if not any(f.start <= position < f.end for f in findings):
                return False
    return True


def evaluate_hurried(
    sentences: list[Sentence], scan: Callable[[str], list[Finding]]
) -> dict[str, float | int]:
    """Sentence-level recall (all spans covered) and the share of clean sentences flagged."""
    with_pii = [s for s in sentences if s.pii]
    clean = [s for s in sentences if not s.pii]
    found = sum(covered(s, scan(s.text)) for s in with_pii)
    flagged = sum(bool(scan(s.text)) for s in clean)
    return {
        "pii_total": len(with_pii),
        "pii_found": found,
        "recall": round(found / len(with_pii), 4) if with_pii else 1.0,
        "clean_total": len(clean),
        "clean_flagged": flagged,
        "clean_flag_rate": round(flagged / len(clean), 4) if clean else 0.0,
    }
