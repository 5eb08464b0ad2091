"""Country names and the adjectives for their people, for reading where a student is from.

EU, EEA and EFTA members are listed by name because the sources speak of "citizens of
EU/EEA/EFTA countries"; the other list holds the countries students often name, so
that "I'm from India" can be read as "not an EU/EEA/EFTA citizen". A country on
neither list is simply not read.
"""

from __future__ import annotations

NORDIC: frozenset[str] = frozenset(
    "norway norwegian sweden swedish denmark danish finland finnish iceland icelandic "
    "nordic nordics scandinavia scandinavian".split()
)

#: EU member states, then EEA (Iceland, Liechtenstein, Norway) and EFTA (Switzerland).
EU_EEA_EFTA: frozenset[str] = frozenset(
    """
    austria austrian belgium belgian bulgaria bulgarian croatia croatian cyprus cypriot
    czechia czech denmark danish estonia estonian finland finnish france french germany
    german greece greek hungary hungarian ireland irish italy italian latvia latvian
    lithuania lithuanian luxembourg luxembourgish malta maltese netherlands dutch holland
    poland polish portugal portuguese romania romanian slovakia slovak slovenia slovenian
    spain spanish sweden swedish iceland icelandic liechtenstein norway norwegian
    switzerland swiss
    """.split()
)

OTHER: frozenset[str] = frozenset(
    """
    india indian china chinese pakistan pakistani bangladesh bangladeshi nepal nepali
    nepalese srilanka lankan indonesia indonesian vietnam vietnamese philippines filipino
    thailand thai malaysia malaysian japan japanese korea korean taiwan taiwanese singapore
    singaporean iran iranian iraq iraqi turkey turkish egypt egyptian morocco moroccan
    nigeria nigerian ghana ghanaian kenya kenyan ethiopia ethiopian uganda ugandan
    tanzania tanzanian cameroon cameroonian zimbabwe zimbabwean southafrica african
    usa us america american canada canadian mexico mexican brazil brazilian argentina
    argentinian argentine colombia colombian chile chilean peru peruvian ecuador
    ecuadorian venezuela venezuelan australia australian zealand zealander uk britain
    british scotland scottish wales welsh russia russian ukraine ukrainian belarus
    belarusian serbia serbian bosnia bosnian albania albanian macedonia macedonian
    georgia georgian armenia armenian azerbaijan kazakhstan kazakh uzbekistan uzbek
    israel israeli lebanon lebanese jordan jordanian syria syrian saudi emirates uae
    qatar kuwait oman afghanistan afghan
    edinburgh london manchester glasgow delhi mumbai bangalore beijing shanghai lagos nairobi
    toronto sydney melbourne boston tehran istanbul cairo
    """.split()
)

#: Universities in the Nordic countries that students name instead of the country (NTNU,
#: the programme asked about, is left out: "get into NTNU" says nothing about the past).
NORDIC_UNIVERSITIES: frozenset[str] = frozenset(
    "dtu aalto lund uppsala kth chalmers uio bergen tromso helsinki copenhagen aarhus "
    "stockholm gothenburg linkoping tampere turku oulu reykjavik aalborg roskilde "
    "uit".split()
)
