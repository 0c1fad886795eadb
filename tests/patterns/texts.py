"""Dutch knelpunt texts shared by the pattern tests: one systemic problem, told six ways."""

# People with debts wait months for debt counselling; each test takes as many as it needs.
DEBT = [
    (
        "Wachttijd schuldhulpverlening loopt op tot drie maanden",
        "Inwoners met betalingsachterstanden moeten drie maanden wachten op een intakegesprek "
        "bij de schuldhulpverlening, terwijl de schulden intussen verder oplopen.",
    ),
    (
        "Intake schuldhulp pas na twaalf weken",
        "De gemeente plant het eerste gesprek voor schuldhulpverlening pas na twaalf weken; in "
        "die tijd komen er incassokosten en beslagen van deurwaarders bij.",
    ),
    (
        "Schulden groeien tijdens wachtlijst schuldhulp",
        "Door de lange wachtlijst bij de schuldhulpverlening groeien de schulden van gezinnen "
        "verder voordat iemand kan helpen met een regeling.",
    ),
    (
        "Te lang wachten op hulp bij schulden",
        "Gezinnen met schulden wachten maanden op de eerste afspraak bij schuldhulpverlening, "
        "waardoor schuldeisers al incassobureaus en deurwaarders inschakelen.",
    ),
    (
        "Wachtlijst bij de kredietbank",
        "Wie zich meldt voor schuldhulp bij de kredietbank staat maandenlang op een wachtlijst; "
        "ondertussen stapelen de aanmaningen zich op.",
    ),
    (
        "Eerste afspraak schuldhulpverlening duurt maanden",
        "Een alleenstaande ouder met huurachterstand kon pas na drie maanden terecht bij "
        "schuldhulpverlening, toen de deurwaarder al beslag had gelegd.",
    ),
]
