"""The demo content `manage.py load_demo_content` loads: plain texts, no models.

Every letter, reply, module and person here is fictional, written for this
project. Staff texts follow the house style (person-first, "use" not "abuse");
letters are in the family members' own voices.

Block vocabulary for replies and module bodies, as (block_type, value):
    ("heading", "text")
    ("paragraph", "plain text")            one <p>; the command escapes and wraps it
    ("list", ["item", "item"])             a paragraph block holding a <ul>
    ("pull_quote", {"quote": ..., "attribution": ...})
    ("module_callout", {"module": <module number>, "note": ...})
"""

from cms.roles import COMMENT_MODERATORS, EDITORS, WRITERS

HOME_INTRO = (
    "Family members write to us about a loved one's drug or alcohol use, and our staff reply, "
    "drawing on the CRAFT curriculum. Read the letters and replies, work through the modules, "
    "or write to us yourself."
)
BLOG_INTRO = (
    "Letters from family members, edited so that no one can be identified and shared with their "
    "permission, each with a reply from our staff. Replies point to the CRAFT modules that can help."
)
MODULES_INTRO = (
    "Our CRAFT curriculum in nine modules. Each teaches one skill you can practise at home; "
    "the replies on the Discussion Blog refer to them by number. Module 9 is for members."
)

# The tag vocabulary: every post takes three to five of these.
TAGS = [
    "alcohol",
    "opioids",
    "methamphetamine",
    "cannabis",
    "medication",
    "treatment",
    "recovery housing",
    "relapse",
    "boundaries",
    "communication",
    "rewards",
    "self-care",
    "safety",
    "teens",
]

WRITERS_DATA = [
    {
        "slug": "maren-castillo",
        "name": "Maren Castillo",
        "role_title": "CEO",
        "bio": (
            "Maren founded the organisation after years of supporting her brother through opioid use "
            "disorder. She has trained family coaches in CRAFT for more than a decade and still answers "
            "letters every week."
        ),
    },
    {
        "slug": "theo-abernathy",
        "name": "Theo Abernathy",
        "role_title": "Staff writer",
        "bio": (
            "Theo worked as an addiction counsellor for ten years before joining the team. He writes "
            "most of our replies about treatment options and medication for opioid use disorder."
        ),
    },
    {
        "slug": "priya-raman",
        "name": "Priya Raman",
        "role_title": "Family coach",
        "bio": (
            "Priya leads our weekly CRAFT groups for parents and partners. Her father is in long-term "
            "recovery from alcohol use disorder."
        ),
    },
]

MODULES = [
    {
        "number": 1,
        "slug": "understanding-craft",
        "title": "Understanding CRAFT and your loved one's use",
        "summary": (
            "What Community Reinforcement and Family Training is, why families have more influence than "
            "they are often told, and how to look at a loved one's use with curiosity instead of blame."
        ),
        "body": [
            ("heading", "Why families matter"),
            (
                "paragraph",
                "For a long time families were told to wait until their loved one hit bottom, or to confront "
                "them all at once. CRAFT starts somewhere else: you know this person better than any "
                "counsellor, you see them every day, and the way you respond to use and to non-use shapes "
                "what happens next. That is influence, not blame.",
            ),
            (
                "paragraph",
                "CRAFT has three aims that run through every module: to reduce your loved one's use, to "
                "help them into treatment when they are willing, and to make your own life better whether "
                "or not they change.",
            ),
            ("heading", "How the course works"),
            (
                "paragraph",
                "Each module teaches one skill and asks you to try it at home before the next. The skills "
                "build on each other: understanding the pattern of use makes better conversations possible, "
                "and both make it easier to reward non-use and step back from use. Nothing here asks you to "
                "be perfect, only to keep practising and to look after your own safety along the way.",
            ),
        ],
    },
    {
        "number": 2,
        "slug": "keeping-safe",
        "title": "Keeping yourself and your family safe",
        "summary": (
            "Before any other skill: how to recognise when use puts you or others at risk, how to plan "
            "for a dangerous moment, and why naloxone belongs in every home where opioids are used."
        ),
        "body": [
            ("heading", "Safety comes first"),
            (
                "paragraph",
                "Some families live with a loved one whose use makes them frightening: shouting, broken "
                "things, threats or violence. CRAFT never asks you to stay in harm's way to keep a "
                "conversation going. If you have been hurt or threatened, the first step is a plan, not a talk.",
            ),
            ("heading", "Making a plan"),
            (
                "paragraph",
                "Notice the early signs that a situation is heading somewhere unsafe: a time of night, a "
                "particular substance, a particular topic. Decide ahead of time where you will go, who you "
                "will call and what you will say to leave the room calmly. Keep keys, phone and important "
                "papers within reach. Children in the home need a plan too, in words they understand.",
            ),
            (
                "paragraph",
                "A domestic violence hotline can help you make a plan in confidence, even if you are not "
                "sure that what is happening counts as abuse. If anyone is in immediate danger, call your "
                "local emergency number.",
            ),
            ("heading", "Being ready for an overdose"),
            (
                "paragraph",
                "Where opioids are involved, including pills bought outside a pharmacy, keep naloxone at "
                "home, learn how to use it and tell the rest of the family where it is. Having it is not "
                "permission to use. It keeps someone alive long enough to change.",
            ),
        ],
    },
    {
        "number": 3,
        "slug": "knowing-the-pattern",
        "title": "Knowing the pattern: triggers and consequences",
        "summary": (
            "A functional analysis of use: the people, places, times and feelings that come before your "
            "loved one uses, and what the use gives them. Knowing the pattern shows you where you can "
            "make a difference."
        ),
        "body": [
            ("heading", "Use makes sense to the person using"),
            (
                "paragraph",
                "Nobody keeps doing something that gives them nothing. Alcohol may take the edge off a "
                "lonely evening; stimulants may make a long shift bearable; opioids may quiet pain of more "
                "than one kind. Seeing what use gives your loved one is not excusing it. It shows you what "
                "needs replacing for change to last.",
            ),
            ("heading", "Mapping a typical episode"),
            (
                "paragraph",
                "Pick one recent time your loved one used and write it down: where they were, who they were "
                "with, what time it was, what they were thinking and feeling just before. Then write what "
                "followed: the good parts for them, such as relief, fun or sleep, and the costs, such as "
                "arguments, a missed day or money gone.",
            ),
            (
                "paragraph",
                "After three or four of these, patterns appear. Use often clusters around the same day, the "
                "same friends or the same feelings. Those are the points where a different plan, a different "
                "invitation or a different response from you can change how the evening goes.",
            ),
        ],
    },
    {
        "number": 4,
        "slug": "positive-communication",
        "title": "Positive communication",
        "summary": (
            "Seven habits that make hard conversations more likely to go well: be brief, be positive, "
            "name specific behaviour, label your own feelings, show understanding, accept a share of "
            "responsibility and offer to help."
        ),
        "body": [
            ("heading", "Why the old conversations stopped working"),
            (
                "paragraph",
                "After months or years of worry, most conversations about use turn into the same argument. "
                "Both people know their lines. Positive communication changes your lines, so that the other "
                "person has room to change theirs.",
            ),
            ("heading", "The seven habits"),
            (
                "list",
                [
                    "Be brief: one or two sentences, not a speech.",
                    "Be positive: ask for what you want, not what you don't want.",
                    "Be specific about behaviour, not character.",
                    "Name your own feelings, calmly.",
                    "Show that you understand their side.",
                    "Accept a small share of the responsibility.",
                    "Offer to help.",
                ],
            ),
            (
                "paragraph",
                "Start with low-stakes topics: dinner plans, a chore, a weekend. The habits feel awkward at "
                "first and become natural with practice. Choose a time when your loved one is not using or in "
                "withdrawal; the same words land very differently then.",
            ),
        ],
    },
    {
        "number": 5,
        "slug": "rewarding-non-use",
        "title": "Rewarding non-use",
        "summary": (
            "How to notice the times your loved one is not using and make those times more rewarding "
            "than using: small, immediate, personal rewards that you are glad to give."
        ),
        "body": [
            ("heading", "Make sober time the better time"),
            (
                "paragraph",
                "Behaviour that is rewarded happens more often. Families usually give most of their attention "
                "to use: the worry, the arguments, the rescues. This module turns that attention towards the "
                "hours and days when your loved one is not using.",
            ),
            ("heading", "Choosing rewards"),
            (
                "paragraph",
                "A good reward is something your loved one actually enjoys, that you can give straight away, "
                "that costs little or nothing and that you are comfortable giving: a favourite meal, an "
                "evening watching a game together, a lift somewhere, a sincere thank-you. It is not a bribe "
                "offered in advance. It is a response to something good that already happened.",
            ),
            (
                "paragraph",
                "Rewards work best alongside the next module: sober time becomes warmer at the same moment "
                "as use stops being comfortable.",
            ),
        ],
    },
    {
        "number": 6,
        "slug": "stepping-back",
        "title": "Stepping back: allowing natural consequences",
        "summary": (
            "How to stop shielding use from its own consequences without punishing, lecturing or "
            "withdrawing love, and when not to step back because the risk is too high."
        ),
        "body": [
            ("heading", "Taking away the cushion"),
            (
                "paragraph",
                "Out of love, families often absorb the costs of use: calling in sick for someone, paying the "
                "overdue bill, cleaning up, explaining things away. Each rescue makes use a little easier to "
                "continue. Stepping back means letting the ordinary consequences of use land where they belong.",
            ),
            ("heading", "Stepping back is not punishing"),
            (
                "paragraph",
                "You do not need to invent consequences or announce them. You stop doing the things that make "
                "use comfortable, and you withdraw your company while your loved one is using: you leave the "
                "room, you skip the shared meal, you come back when they are sober. The warmth returns with "
                "non-use.",
            ),
            ("heading", "When not to step back"),
            (
                "paragraph",
                "Never allow a consequence that puts a life at risk: driving while intoxicated, an overdose, "
                "sleeping outside in a dangerous winter. Safety planning comes first. Talk a difficult case "
                "through with a coach before you act.",
            ),
        ],
    },
    {
        "number": 7,
        "slug": "taking-care-of-yourself",
        "title": "Taking care of yourself",
        "summary": (
            "Your own health, sleep, friendships and interests matter in their own right, and a family "
            "member who is less worn down is better at every other CRAFT skill."
        ),
        "body": [
            ("heading", "You are part of this too"),
            (
                "paragraph",
                "Family members of people who use drugs or alcohol often live with high stress, poor sleep, "
                "isolation and low mood. Many stop doing things they enjoy, out of guilt or because the "
                "crisis always comes first. CRAFT treats your wellbeing as one of its goals, not an afterthought.",
            ),
            ("heading", "Small steps back to your own life"),
            (
                "paragraph",
                "List the things you used to enjoy, the people you have lost touch with and the activities you "
                "have dropped. Choose one to restart this week, however small: a walk, a phone call, an evening "
                "class. Notice the feelings that come up, guilt included, and do it anyway.",
            ),
            (
                "paragraph",
                "Support for yourself, whether a therapist, a family group or a friend who understands, is not "
                "a luxury. It is how families keep going for the months that change can take.",
            ),
        ],
    },
    {
        "number": 8,
        "slug": "inviting-treatment",
        "title": "Inviting your loved one into treatment",
        "summary": (
            "When to suggest treatment, how to say it so that it can be heard, what to have ready if the "
            "answer is yes, and what to do if it is no."
        ),
        "body": [
            ("heading", "Timing the invitation"),
            (
                "paragraph",
                "Good moments to suggest treatment often come when your loved one is sorry about something that "
                "happened while using, upset about a consequence, or curious about the changes in you. Those "
                "windows close quickly, so prepare before they open.",
            ),
            ("heading", "Have the door ready"),
            (
                "paragraph",
                "Find out in advance what insurance covers, which programmes can take someone this week, whether "
                "medication for opioid use disorder is offered and who can do an assessment. A yes that meets a "
                "three-week waiting list often turns back into a no.",
            ),
            ("heading", "If the answer is no"),
            (
                "paragraph",
                "A no today is not a no forever. Thank them for listening, let it go without an argument and "
                "keep practising the other skills. Families using CRAFT often invite more than once before the "
                "answer changes.",
            ),
        ],
    },
    {
        "number": 9,
        "slug": "staying-the-course",
        "title": "Return to use and staying the course",
        "summary": (
            "For members. What a return to use means and does not mean, how to respond in the first days, "
            "and how to keep using the skills over the long run."
        ),
        "members_only": True,
        "body": [
            ("heading", "A return to use is common, not the end"),
            (
                "paragraph",
                "Many people in recovery return to use at least once, especially in the first year. It can feel "
                "as if all the work has been undone, but the skills your loved one has built and the "
                "relationship you have rebuilt are still there.",
            ),
            ("heading", "The first days"),
            (
                "paragraph",
                "Safety first: after a period without opioids, tolerance falls quickly and the risk of overdose "
                "rises. Keep naloxone close. Then go back to the basics: reward the hours of non-use, step back "
                "from use and talk about what happened without blame.",
            ),
            ("heading", "Staying the course"),
            (
                "paragraph",
                "Recovery is usually measured in years, not weeks. Keep your own supports in place, keep notes "
                "on what you have learned about the pattern, and come back to these modules whenever you need "
                "them. You do not have to do this alone.",
            ),
        ],
    },
]

# Oldest first: the command creates them in this order, so a post may pin only
# posts listed above it. `days_ago` sets the reply date, counted back from today.
POSTS = [
    {
        "slug": "he-wont-agree-to-the-care-he-needs",
        "title": "He won't agree to the care we know he needs",
        "pen_name": "Cwfranklin",
        "writer": "maren-castillo",
        "days_ago": 531,
        "standfirst": (
            "Cwfranklin's son is 35, tapering off fentanyl on his own and refusing a programme. "
            "Our CEO, Maren Castillo, replies with a plan in four steps."
        ),
        "tags": ["opioids", "treatment", "communication", "rewards"],
        "letter": [
            "Our son is 35 and has used opioids on and off since a back injury in his twenties. For the last "
            "two years it has been fentanyl. He moved back in with us in the spring and says he is tapering "
            "down by himself, but some nights he is clearly high and other days he is sick and angry.",
            "We have found a programme near us that offers buprenorphine and counselling. Every time we bring "
            "it up he says he can do it on his own and that we are treating him like a child. My husband wants "
            "to give him an ultimatum. I am afraid that if we push, he will leave and we will lose him.",
            "How do we approach this the CRAFT way? Where do we even start?",
        ],
        "reply": [
            (
                "paragraph",
                "Hi Cwfranklin, thank you for writing, and for putting so clearly what so many parents feel: you "
                "can see the help he needs, and he can't yet. Your fear of pushing him away is not weakness. It "
                "is good judgement, and CRAFT gives you a way to act on it.",
            ),
            ("heading", "Start with safety"),
            (
                "paragraph",
                "With fentanyl in the house, keep naloxone where everyone can reach it, and make sure you and "
                "your husband both know how to use it. Tapering alone carries real risk: tolerance drops, and a "
                "single dose bought on the street can be far stronger than expected. This is not alarm; it is "
                "the foundation everything else rests on.",
            ),
            ("heading", "Learn his pattern before you ask again"),
            (
                "paragraph",
                "Your letter already holds part of the map: good days, high nights, sick and angry days. For the "
                "next two weeks, note when each happens and what comes before it. Module 3 walks you through "
                "this. You are looking for the hours when he is most himself, because that is when an "
                "invitation is most likely to be heard.",
            ),
            ("heading", "Change the conversation, then reward the good days"),
            (
                "paragraph",
                "An ultimatum puts him in a corner where the easiest move is to leave. Instead, try the habits "
                "in Module 4: short, specific, warm, with your own feelings named. “I loved having dinner with "
                "you tonight. I'd like more evenings like this” does more than any lecture.",
            ),
            (
                "paragraph",
                "Then make the days he is not using the best days in the house, and let the high days be quiet "
                "and unremarkable. Modules 3, 4, 5 and 6 work as a set: know the pattern, talk so that you can "
                "be heard, reward non-use and step back from use. Families who practise all four together are "
                "the ones whose loved ones most often say yes.",
            ),
            (
                "module_callout",
                {
                    "module": 8,
                    "note": "When the moment comes: how to invite him, and how to have the door ready.",
                },
            ),
            ("heading", "When the window opens"),
            (
                "paragraph",
                "Keep the programme's number and intake hours to hand. The moment may come after a bad night, "
                "when he is frightened or sorry. A calm “We found a place that can see you this week, and we'll "
                "drive you” is an invitation, not an ultimatum, and it leaves him his dignity.",
            ),
        ],
    },
    {
        "slug": "my-husband-hides-bottles",
        "title": "My husband hides bottles and says I'm overreacting",
        "pen_name": "Tiredinohio",
        "writer": "priya-raman",
        "days_ago": 497,
        "standfirst": (
            "Tiredinohio keeps finding bottles her husband swears aren't there. Family coach Priya Raman "
            "replies on getting out of the argument and back on her own feet."
        ),
        "tags": ["alcohol", "communication", "self-care", "boundaries"],
        "letter": [
            "My husband and I have been married for nineteen years. Over the last three his drinking has gone "
            "from a few beers at the weekend to something he hides. I find bottles in the garage, in his car, "
            "behind the paint cans. When I ask, he tells me I am paranoid and that he only has a couple.",
            "I have started checking everything, counting, smelling his breath when he kisses me. I hate who I "
            "have become. Our children are grown and they tell me to leave, but I love him and he is a good man "
            "when he is sober.",
            "Is there a way to talk to him that doesn't end in the same fight?",
        ],
        "reply": [
            (
                "paragraph",
                "Hi Tiredinohio, nineteen years is a long time to love someone, and it makes sense that you want "
                "a way through rather than a way out. The searching and counting you describe is something we "
                "hear from nearly every partner who writes to us. It is what worry does to people. It is not who "
                "you are.",
            ),
            ("heading", "Step out of the detective role"),
            (
                "paragraph",
                "Finding bottles leads to the same conversation every time: you present the evidence, he denies "
                "it, you both walk away hurt. You don't need more proof; you already know. Try setting the "
                "searching aside for a few weeks. It frees up your energy, and it takes away the argument he is "
                "braced for.",
            ),
            ("heading", "Talk about what you want, not what he did"),
            (
                "paragraph",
                "The communication habits in Module 4 are built for exactly this. Keep it short, choose a sober "
                "moment and say what you would like rather than what he did wrong: “I miss our Saturday "
                "mornings. Would you come to the market with me this week?” There is nothing there to deny.",
            ),
            (
                "pull_quote",
                {
                    "quote": "You don't need more proof; you already know. What you need is a conversation he has no reason to fight.",
                    "attribution": "Priya Raman",
                },
            ),
            ("heading", "Put yourself back on the list"),
            (
                "paragraph",
                "Your children's advice comes from love, but whether to stay is not a decision you need to make "
                "this week. What you can decide is to take back some of your own life. Module 7 is about exactly "
                "this: sleep, friends, the things you have stopped doing. A family group where others understand "
                "can help too.",
            ),
        ],
    },
    {
        "slug": "our-daughter-vapes-cannabis-every-day",
        "title": "Our daughter is sixteen and vapes cannabis every day",
        "pen_name": "Dadofthree_NM",
        "writer": "theo-abernathy",
        "days_ago": 468,
        "standfirst": (
            "Dadofthree_NM asks how to respond now that his teenage daughter's cannabis use is changing her "
            "life. Staff writer Theo Abernathy replies."
        ),
        "tags": ["cannabis", "teens", "communication", "rewards"],
        "letter": [
            "Our oldest is sixteen. Six months ago we found a vape pen in her backpack and learned it was THC. "
            "Since then her grades have fallen, she has quit the swim team and she spends most evenings in her "
            "room. When we took the pen away she had another within a week.",
            "Her mother and I disagree on how hard to come down. I want to take her phone and her bedroom door. "
            "My wife thinks that will only push her further away. We both want our daughter back.",
        ],
        "reply": [
            (
                "paragraph",
                "Hi Dadofthree_NM, thank you for writing while you are still in the middle of this. Daily use at "
                "sixteen deserves attention, and you and your wife are right to take it seriously. The good news "
                "is that parents of teenagers have more influence than almost anyone, and CRAFT has been adapted "
                "for families like yours.",
            ),
            ("heading", "Agree with each other first"),
            (
                "paragraph",
                "Teenagers are skilled at finding the gap between two parents. Before you change anything with "
                "your daughter, sit down together and agree on two or three things you will both do. Whether you "
                "choose the firmer or the gentler path matters less than choosing it together.",
            ),
            ("heading", "Notice what cannabis is doing for her"),
            (
                "paragraph",
                "Quitting swimming and retreating to her room may be a result of the use, or the use may be how "
                "she is coping with something else: stress, friendships, low mood. Mapping when she uses and what "
                "comes before it (Module 3) will tell you more than confiscation will. If low mood or anxiety "
                "keeps coming up, an appointment with her doctor is a good next step.",
            ),
            ("heading", "Reward the evenings she comes back to you"),
            (
                "paragraph",
                "Taking privileges away after use has its place, but on its own it tends to lead to more hiding. "
                "Pair it with the rest of the picture in Modules 5 and 6: make sober time with the family "
                "genuinely good, such as a drive for food, a film she chooses or a lift to see a friend, and let "
                "the evenings she is high be quiet and dull, without lectures.",
            ),
            (
                "paragraph",
                "When you do talk, keep it brief and specific. “I really liked hearing about your day” lands "
                "better with a sixteen-year-old than anything about grades.",
            ),
        ],
    },
    {
        "slug": "my-brother-frightens-me-when-he-visits",
        "title": "My brother frightens me when he visits after using",
        "pen_name": "Littlesis_K",
        "writer": "priya-raman",
        "days_ago": 436,
        "standfirst": (
            "Littlesis_K loves her older brother, but his methamphetamine use has made his visits "
            "unpredictable. Family coach Priya Raman replies on putting safety first."
        ),
        "tags": ["methamphetamine", "safety", "boundaries"],
        "letter": [
            "My older brother has used methamphetamine for about four years. He doesn't live with me, but he "
            "turns up at my apartment, sometimes at two or three in the morning, wanting to talk or to borrow "
            "money. Lately he has been paranoid, sure that people are following him, and last month he punched "
            "a hole in my kitchen door when I said no.",
            "He has never hurt me, and I don't believe he wants to. But I lie awake waiting for the buzzer. I "
            "don't want to cut him off. Our parents already have.",
        ],
        "reply": [
            (
                "paragraph",
                "Hi Littlesis_K, I'm so glad you wrote. You are trying to hold on to your brother while your own "
                "home no longer feels safe, and that is a great deal to carry alone. Before anything else, let's "
                "talk about you.",
            ),
            ("heading", "Take the hole in the door seriously"),
            (
                "paragraph",
                "I believe you when you say he doesn't want to hurt you. But a punch through a door when you said "
                "no is a warning sign, and paranoia from stimulant use can make a person unpredictable even "
                "towards people they love. Module 2 is where CRAFT begins for anyone in your situation: a plan "
                "for your safety, made in a calm moment.",
            ),
            (
                "module_callout",
                {
                    "module": 2,
                    "note": "How to make a safety plan you can actually use at three in the morning.",
                },
            ),
            ("heading", "Decide the rules of the door in advance"),
            (
                "paragraph",
                "You are allowed to decide that visits happen in daylight, in a café or a park, and never when he "
                "has been using. Say it once, briefly and kindly, at a calm time: “I love seeing you. I'll meet "
                "you for breakfast any Sunday. I won't open the door at night.” Then keep to it, every time. "
                "Consistency is what makes a boundary believable.",
            ),
            (
                "paragraph",
                "If he is ever threatening at your door, call for help. A domestic violence hotline can also "
                "help you plan, even though this is your brother and not a partner.",
            ),
            ("heading", "Staying connected without being in danger"),
            (
                "paragraph",
                "Cutting him off is not your only choice. A text on a good day, breakfast on a Sunday, a birthday "
                "card: these keep open a line he may one day use to ask for help. Staying connected and staying "
                "safe can go together.",
            ),
        ],
    },
    {
        "slug": "should-we-keep-paying-his-rent",
        "title": "Should we keep paying our son's rent while he's still drinking?",
        "pen_name": "Quietporchlight",
        "writer": "theo-abernathy",
        "days_ago": 402,
        "standfirst": (
            "Quietporchlight's son is 28, drinking heavily and behind on rent again. Theo Abernathy replies on "
            "money, consequences and when stepping back is safe."
        ),
        "tags": ["boundaries", "rewards", "alcohol", "recovery housing"],
        "letter": [
            "Our son is 28 and lives in an apartment across town. For three years we have paid his rent, at "
            "first because he lost his job and now because he says he will lose the apartment if we don't. We "
            "know most of his own money goes on alcohol and, we think, cocaine at weekends.",
            "Friends tell us we are enabling him. But if we stop, he could end up on the street, and then what? "
            "We are both retired and this is eating our savings.",
        ],
        "reply": [
            (
                "paragraph",
                "Hi Quietporchlight, paying for a child's home is one of the hardest things to think clearly "
                "about, because it feels like paying for his safety. You are also right to think about your own "
                "future. Both matter.",
            ),
            ("heading", "Money that cushions use"),
            (
                "paragraph",
                "The useful question is not whether you are “enabling” him, a word that tends to leave parents "
                "feeling guilty rather than clear, but what your money is doing. Right now it pays for a home, "
                "and it also frees his own income for drinking. Module 6 calls this cushioning: absorbing a cost "
                "of use so that use becomes easier to continue.",
            ),
            ("heading", "Step back in stages, not overnight"),
            (
                "paragraph",
                "You don't have to choose between paying everything and paying nothing. Some parents pay the "
                "landlord directly, for a limited time, with a clear date for reducing it. Others offer to pay "
                "for something that supports not drinking instead: a class, a gym membership, or a share of the "
                "rent in a recovery residence. Tell him once, calmly, and give him time to plan.",
            ),
            (
                "paragraph",
                "The ideas in modules 5-6 go together here: step back from what supports drinking, and put your "
                "generosity behind the things that support a sober life.",
            ),
            ("heading", "When not to step back"),
            (
                "paragraph",
                "If stopping the rent would leave him homeless in a way that puts his life at risk, slow down and "
                "get advice before you act. Stepping back is never meant to endanger anyone. And protecting your "
                "retirement is not abandoning him.",
            ),
        ],
    },
    {
        "slug": "buprenorphine-is-real-recovery",
        "title": "She's on buprenorphine, and her aunt says that isn't real recovery",
        "pen_name": "Bluejaymom",
        "writer": "theo-abernathy",
        "days_ago": 377,
        "standfirst": (
            "Bluejaymom's daughter is eight months into treatment with buprenorphine, and a relative keeps "
            "calling it trading one drug for another. Theo Abernathy replies."
        ),
        "tags": ["medication", "opioids", "treatment", "communication"],
        "letter": [
            "My daughter is 24 and has been in treatment for eight months. She takes buprenorphine every day, "
            "sees a counsellor and works part-time. She is more like herself than she has been since high school.",
            "My sister, her aunt, keeps saying she is just trading one drug for another and isn't really in "
            "recovery until she is off everything. She said it at Thanksgiving in front of my daughter, who left "
            "the table in tears. Now I'm the one doubting. Is my sister right?",
        ],
        "reply": [
            (
                "paragraph",
                "Hi Bluejaymom, first, congratulations to your daughter, and to you. Eight months of treatment, a "
                "job and a counsellor is real progress, and you can see it in the person sitting across from you.",
            ),
            ("heading", "What medication for opioid use disorder does"),
            (
                "paragraph",
                "Buprenorphine and methadone are the best-studied treatments for opioid use disorder. Taken as "
                "prescribed, they ease cravings and withdrawal without the high that drove her use, and they "
                "greatly lower the risk of overdose and death. Many people take them for years. Recovery is "
                "measured by her life, not by what is in her medicine cabinet.",
            ),
            (
                "paragraph",
                "How long she takes it is a medical decision between your daughter and her doctor, and nobody else's.",
            ),
            ("heading", "Talking with your sister"),
            (
                "paragraph",
                "Your sister may be worried rather than unkind; many people learned an older idea of recovery. "
                "Try a short, private conversation using the habits from Module 4: say how you felt rather than "
                "what she did wrong, and ask for something specific. “It hurt to see her leave the table. Could "
                "you keep your worries between us, and let her have her wins?”",
            ),
            ("heading", "Keep rewarding what is working"),
            (
                "paragraph",
                "Your daughter is doing the hard, ordinary work of recovery every day. Tell her you noticed, in "
                "specific words. The warmth you give the life she is building matters more than anything her aunt "
                "says (Module 5).",
            ),
        ],
    },
    {
        "slug": "my-pain-pills-keep-disappearing",
        "title": "My pain pills keep disappearing, and I think it's my grandson",
        "pen_name": "Nanaoftwo",
        "writer": "priya-raman",
        "days_ago": 349,
        "standfirst": (
            "Nanaoftwo is raising her seventeen-year-old grandson and her prescription keeps running short. "
            "Family coach Priya Raman replies on safety, honesty and keeping the relationship."
        ),
        "tags": ["opioids", "teens", "safety", "boundaries"],
        "letter": [
            "I am raising my grandson, who is seventeen. I take oxycodone for arthritis, and for a few months my "
            "count has been off at the end of the month. At first I thought I had made a mistake. Then I found "
            "two of my pills wrapped in a tissue in his jacket.",
            "He is a sweet boy who has been through a lot; his mother died two years ago. I haven't said anything "
            "to him yet. I'm scared that if I confront him he will shut me out, and I'm scared of what happens if "
            "I don't.",
        ],
        "reply": [
            (
                "paragraph",
                "Hi Nanaoftwo, your love for your grandson comes through in every line, and so does how much you "
                "have both lost. You are right that this needs addressing, and right that how you do it matters.",
            ),
            ("heading", "Lock the medicine away today"),
            (
                "paragraph",
                "Before any conversation, make the pills hard to reach: a lockbox, out of sight, with only you "
                "holding the key. Your pharmacist can suggest one. Opioid pills that are not prescribed to him "
                "carry real risk for a seventeen-year-old, especially mixed with anything else, so please keep "
                "naloxone in the house as well and learn how to use it. That is the first step of Module 2 for a "
                "reason.",
            ),
            ("heading", "Talk about him, not the pills"),
            (
                "paragraph",
                "When you talk, start from love and from what you have seen, briefly: “I found my pills in your "
                "jacket. I'm not angry; I'm worried about you, and I want to understand.” Then listen. Grief at "
                "his age often comes out sideways, and the pills may be numbing something he can't put into words.",
            ),
            (
                "paragraph",
                "Module 4 has more on these conversations, and on ending with one specific request. It could be as "
                "small as going to see his doctor together.",
            ),
            ("heading", "Support for him, and for you"),
            (
                "paragraph",
                "A doctor or counsellor who works with teenagers can look at both the use and the grief. And "
                "please find someone to talk to yourself. Raising a grandchild after losing your own child is a "
                "great deal to carry.",
            ),
        ],
    },
    {
        "slug": "my-dad-drinks-every-night",
        "title": "My dad drinks every night, and I'm the one my mother calls",
        "pen_name": "Middlechild_OR",
        "writer": "maren-castillo",
        "days_ago": 318,
        "standfirst": (
            "Middlechild_OR is 32 and has become the family's go-between over a father's drinking. Maren "
            "Castillo replies on what an adult child can and can't do."
        ),
        "tags": ["alcohol", "self-care", "boundaries", "communication"],
        "letter": [
            "My father is 64 and has drunk every evening for as long as I can remember. Since he retired it starts "
            "at lunchtime. My mother calls me most nights, crying or furious, and asks me to talk to him. When I "
            "do, he laughs it off or tells me to mind my own business.",
            "I have a job, a partner and a baby on the way. I feel guilty every time I let her call go to "
            "voicemail. My brother and sister have simply stepped away. How do I help my parents without losing "
            "my own life?",
        ],
        "reply": [
            (
                "paragraph",
                "Hi Middlechild_OR, thank you for writing, and congratulations on the baby. Many adult children end "
                "up in the role you describe: the one who answers, the one who smooths things over. It usually "
                "happens slowly and out of love, and it can become a second job nobody agreed to.",
            ),
            ("heading", "You can love them and change your role"),
            (
                "paragraph",
                "You can't make your father stop drinking, and you can't be your mother's only support. What you "
                "can do is decide what help you are able to give and offer it clearly. That is where Module 7 "
                "starts: your own health and your own family count too.",
            ),
            ("heading", "A different call with your mother"),
            (
                "paragraph",
                "Your mother may be the person best placed to use CRAFT. She lives with him and sees the pattern "
                "every day; Module 3 would help her map when his drinking starts and what has filled the "
                "afternoons since he retired. You could offer to look at the modules with her, or suggest a family "
                "group, instead of being the one who confronts him.",
            ),
            (
                "paragraph",
                "Agreeing a time to talk, rather than every night, is not abandoning her. “Mum, I want to help. "
                "Let's talk properly on Sundays, and if you ring late I'll call you back the next morning” is both "
                "kind and specific.",
            ),
            ("heading", "When you do talk to your father"),
            (
                "paragraph",
                "Skip the big talk he is ready to laugh off. Try one short, honest sentence at a sober moment, "
                "about you rather than him: “I'd love the baby to know you, Dad. I want you around.” Then leave "
                "it. One sentence, said once, can stay with a person longer than a hundred arguments.",
            ),
        ],
    },
    {
        "slug": "drinking-again-after-treatment",
        "title": "He came home from treatment and was drinking again within a month",
        "pen_name": "Stillhopeful22",
        "writer": "maren-castillo",
        "days_ago": 286,
        "standfirst": (
            "Stillhopeful22's husband completed a residential programme and returned to drinking four weeks "
            "later. Maren Castillo replies on what a return to use does and doesn't mean."
        ),
        "tags": ["relapse", "alcohol", "treatment", "self-care"],
        "letter": [
            "My husband finished a 28-day residential programme in March. It took us two years to get him there. "
            "He came home full of plans, went to meetings, and for three weeks it was like having him back.",
            "Then I smelled it on him. He admitted he'd had a few after work, and since then it has been most "
            "nights. I feel like a fool for believing it was over. Was it all for nothing?",
        ],
        "reply": [
            (
                "paragraph",
                "Hi Stillhopeful22, you are not a fool. You believed in your husband and in the work you both put "
                "in, and that belief helped get him through the door. A return to use after treatment is painful "
                "and very common, and it does not mean the treatment, or your hope, was wasted.",
            ),
            ("heading", "What a return to use means"),
            (
                "paragraph",
                "Many people who recover from alcohol use disorder return to drinking at least once along the way. "
                "The weeks right after a programme are the riskiest, when its structure falls away and old routines "
                "come back. What he learned in those 28 days is still there. So is the fact that he chose to go.",
            ),
            (
                "pull_quote",
                {
                    "quote": "A return to use is part of many recovery stories. It is a chapter, not the ending.",
                    "attribution": "Maren Castillo",
                },
            ),
            ("heading", "What to do this week"),
            (
                "paragraph",
                "Go back to what worked before treatment. Notice when the drinking happens; “after work” is already "
                "a clue (Module 3). Make the sober evenings warm and let the drinking evenings be quiet, without a "
                "fight (Modules 5 and 6). At a calm moment, ask whether he would call his programme's aftercare "
                "team. Most programmes expect that call and have a plan for it.",
            ),
            ("heading", "For the months ahead"),
            (
                "paragraph",
                "Our members' module, Module 9, goes into the first days after a return to use and how to stay the "
                "course over months and years. And please keep looking after yourself (Module 7). You have carried "
                "two years of this already.",
            ),
            (
                "module_callout",
                {"module": 9, "note": "For members: responding to a return to use, and keeping going."},
            ),
        ],
    },
    {
        "slug": "is-sober-living-the-right-next-step",
        "title": "Is a sober living house the right next step for our son?",
        "pen_name": "Porchlightmama",
        "writer": "theo-abernathy",
        "days_ago": 262,
        "standfirst": (
            "Porchlightmama's son is finishing detox and doesn't want to come home. Theo Abernathy replies on "
            "recovery housing: what to ask and what to look for."
        ),
        "tags": ["recovery housing", "treatment", "opioids", "medication"],
        "letter": [
            "Our son is 22 and finishing a week of detox from heroin and fentanyl. He has been started on "
            "methadone. The counsellor there suggested a sober living house rather than coming home, and honestly "
            "we are relieved, because home is where his old friends are.",
            "But we have read frightening stories about some of these houses. How do we tell a good one from a "
            "bad one? And will they even take him if he is on methadone?",
        ],
        "reply": [
            (
                "paragraph",
                "Hi Porchlightmama, you are asking exactly the right questions, and asking them before he moves in. "
                "Recovery housing can be a strong bridge between treatment and everyday life, and you are right "
                "that quality varies a great deal.",
            ),
            ("heading", "Questions to ask any house"),
            (
                "list",
                [
                    "Is it certified by your state's recovery residence association, or a similar body?",
                    "Does it accept residents who take medication for opioid use disorder, including methadone? "
                    "Ask directly, and get the answer in writing.",
                    "What are the fees, the house rules and the meetings, and who is on site?",
                    "What happens if a resident returns to use? A good house keeps the person safe and connected "
                    "to treatment rather than simply putting them out.",
                    "Is naloxone kept in the house, and do residents know where?",
                ],
            ),
            (
                "paragraph",
                "Be wary of any house that offers free rent in exchange for attending a particular treatment "
                "programme, or asks for his insurance details before you have visited.",
            ),
            ("heading", "Methadone and housing"),
            (
                "paragraph",
                "Some houses still turn away residents who take methadone or buprenorphine, usually because of "
                "outdated ideas about recovery. That is his medicine, and staying on it protects his life. A house "
                "that won't accept it is not the right house.",
            ),
            ("heading", "Your part from here"),
            (
                "paragraph",
                "Even at a distance, the CRAFT skills apply: notice and reward the steps he takes (Module 5), keep "
                "your conversations brief and warm (Module 4), and if things wobble, Module 8 will help you invite "
                "him back towards his treatment team.",
            ),
        ],
    },
    {
        "slug": "cocaine-on-weekends",
        "title": "My husband uses cocaine on weekends and says it's under control",
        "pen_name": "Notjustweekends",
        "writer": "priya-raman",
        "days_ago": 228,
        "standfirst": (
            "Notjustweekends' husband calls his weekend cocaine use harmless fun. Priya Raman replies on "
            "patterns, rewards and protecting her own weekends."
        ),
        "tags": ["communication", "rewards", "boundaries", "self-care"],
        "letter": [
            "My husband is 41, has a good job and is a great dad during the week. Most Friday nights he goes out "
            "with the same group of friends and comes home at dawn. From his bank statements and the state he is "
            "in, I know it's cocaine. On Sundays he is irritable and sleeps until the afternoon.",
            "He says it's under control because he never uses during the week. I spend every weekend on my own "
            "with the kids, angry. Am I wrong to want more?",
        ],
        "reply": [
            (
                "paragraph",
                "Hi Notjustweekends, no, you are not wrong to want more. You want your husband at home at the "
                "weekend, and a family life that doesn't bend around Friday night. That is a reasonable wish, and "
                "CRAFT can help you pursue it.",
            ),
            ("heading", "Look at the pattern"),
            (
                "paragraph",
                "Weekend-only use often sits inside a very clear routine: the same friends, the same night, the "
                "same recovery day after. That makes it a good fit for the map in Module 3. What does Friday night "
                "give him? Release after a stressful week, belonging, a break from being the responsible one? Each "
                "answer suggests something that could compete with it.",
            ),
            ("heading", "Make the alternative real"),
            (
                "paragraph",
                "If Friday is about letting off steam, a Friday he would enjoy, such as a game with a friend who "
                "doesn't use, a late dinner out with you or a night away together, offers him something real in "
                "exchange. Keep the invitation short and specific, and reward the weekends he stays, warmly and "
                "without keeping score. Modules 3, 5 and 6 fit together here.",
            ),
            (
                "paragraph",
                "On the Sundays after a night out, let the consequences be his: you go ahead with the family's "
                "plans, cheerfully, and he joins when he is able.",
            ),
            ("heading", "Your weekends matter too"),
            (
                "paragraph",
                "You don't have to spend every Saturday alone and angry. Plan things for yourself and the children "
                "that you will enjoy whether or not he comes. It protects your own life, and it makes the "
                "difference between his two kinds of weekend plain to see.",
            ),
        ],
    },
    {
        "slug": "returned-to-use-after-two-years",
        "title": "Our son returned to use after two years, and we feel back at zero",
        "pen_name": "Oldtruckdad",
        "writer": "maren-castillo",
        "days_ago": 197,
        "standfirst": (
            "Oldtruckdad's son had two years in recovery, one of them in a recovery residence, before an "
            "overdose on fentanyl. Maren Castillo replies."
        ),
        "tags": ["relapse", "opioids", "safety", "recovery housing"],
        "pins": ["drinking-again-after-treatment", "he-wont-agree-to-the-care-he-needs"],
        "letter": [
            "Our son is 30. After years of opioid use he went through treatment, lived in a recovery residence "
            "for a year and then got his own place. Two years without using. He was coaching his nephew's "
            "baseball team.",
            "Three weeks ago his roommate found him unresponsive. The paramedics brought him back with naloxone. "
            "He says it was a one-time thing after a bad breakup. His mother hasn't slept since. I keep thinking "
            "we are back at the beginning.",
        ],
        "reply": [
            (
                "paragraph",
                "Hi Oldtruckdad, I'm so sorry. The call you got is the one every parent fears, and I'm grateful your "
                "son is alive and that someone near him knew what to do. Please be gentle with yourselves this "
                "month. Shock and exhaustion are normal.",
            ),
            ("heading", "You are not back at zero"),
            (
                "paragraph",
                "Two years of recovery built real things: a home, relationships, a place on a baseball field, and "
                "skills he used every day. A return to use doesn't erase them. The son who coached his nephew is "
                "still there, and he knows far more about recovery than he did the first time.",
            ),
            ("heading", "Safety first, for now"),
            (
                "paragraph",
                "After a period of not using, tolerance falls, which is one reason overdose is so dangerous after a "
                "return to use. Make sure naloxone is in his home, your home and his car, and that the people "
                "around him know how to use it. Module 2 covers this, and it is not an overreaction.",
            ),
            ("heading", "Staying the course"),
            (
                "paragraph",
                "Ask him, gently and once, whether he would reconnect with his old treatment team or the recovery "
                "residence's alumni group. If he says no, keep the door open (Module 8). Meanwhile, reward the days "
                "he is clearly not using and keep your conversations warm and brief. Members will find more in "
                "Module 9.",
            ),
            (
                "module_callout",
                {"module": 9, "note": "For members: the first weeks after a return to use."},
            ),
        ],
    },
    {
        "slug": "talk-to-my-sister-about-her-drinking",
        "title": "How do I talk to my sister about her drinking without a fight?",
        "pen_name": "Bigsisinmaine",
        "writer": "theo-abernathy",
        "days_ago": 171,
        "standfirst": (
            "Every time Bigsisinmaine raises her younger sister's drinking, it ends in a shouting match. Theo "
            "Abernathy replies with the communication habits, step by step."
        ),
        "tags": ["alcohol", "communication", "rewards"],
        "letter": [
            "My younger sister is 37 and drinks a bottle of wine most nights, more at weekends. She has missed "
            "work, and last Christmas she fell in my kitchen. We used to be close.",
            "Whenever I mention the drinking she says I have always been bossy and should look at my own life. "
            "Then we don't speak for weeks. I have read Module 4 on your site, but I don't know how to actually "
            "do it with someone who gets so defensive.",
        ],
        "reply": [
            (
                "paragraph",
                "Hi Bigsisinmaine, it takes courage to keep trying after so many conversations have gone wrong. The "
                "defensiveness you meet is very common. It usually means your sister feels judged, not that she "
                "can't hear you.",
            ),
            ("heading", "Before you speak"),
            (
                "paragraph",
                "Choose the moment: not when she has been drinking, not at a family event, not by text. A walk or a "
                "drive works well, because you are side by side rather than face to face. Decide on one thing you "
                "want to say, and leave out the history.",
            ),
            ("heading", "Putting the habits together"),
            (
                "paragraph",
                "Here is how the habits from Module 4 might sound together: “I loved our walk today. I've missed "
                "you. When you fell at Christmas I was frightened, and I know I've come on too strong before; I'm "
                "sorry for that. Would you come to the lake with me again next Saturday?”",
            ),
            (
                "paragraph",
                "It is brief and positive. It names one specific event and your own feeling about it, accepts a "
                "little of the responsibility and ends by asking for something she can say yes to. It doesn't "
                "mention wine at all.",
            ),
            (
                "module_callout",
                {"module": 4, "note": "The seven habits, with examples to practise on easy topics first."},
            ),
            ("heading", "Then reward the yes"),
            (
                "paragraph",
                "If she comes, enjoy it, and tell her so. Each good, sober afternoon together is a small reward for "
                "not drinking (Module 5), and it rebuilds the closeness that will let harder conversations happen "
                "later.",
            ),
        ],
    },
    {
        "slug": "my-wifes-methamphetamine-use-and-our-children",
        "title": "My wife's methamphetamine use and our two young children",
        "pen_name": "Evenkeel_dad",
        "writer": "priya-raman",
        "days_ago": 139,
        "standfirst": (
            "Evenkeel_dad is holding the family together while his wife uses methamphetamine. Priya Raman "
            "replies on protecting the children, staying connected and getting support."
        ),
        "tags": ["methamphetamine", "safety", "self-care", "boundaries"],
        "letter": [
            "My wife and I have two children, aged five and eight. About a year ago she started using "
            "methamphetamine with a friend from work. She goes days without sleeping, then sleeps for a day. She "
            "loves the kids, but I no longer leave them alone with her.",
            "I work full time and I'm running on empty. Her family thinks I should take the children and go. I "
            "want to keep our family together if there is any way. Where do I start?",
        ],
        "reply": [
            (
                "paragraph",
                "Hi Evenkeel_dad, you are doing two hard things at once: keeping your children safe and keeping "
                "faith with your wife. Both come from love. Let's start with the children, because that part can't "
                "wait.",
            ),
            ("heading", "The children's safety"),
            (
                "paragraph",
                "You have already made one wise decision in not leaving them alone with her while she is using or "
                "coming down. Build on it with a plan: who looks after them when you are at work and she is "
                "unwell, what your eight-year-old should do if something frightens her, and where the family goes "
                "if home becomes unsafe. Module 2 walks you through this step by step.",
            ),
            (
                "paragraph",
                "Children notice more than we think. Simple, honest words help: “Mum has an illness that makes her "
                "act differently sometimes. It isn't your fault, and you can always tell me about it.”",
            ),
            ("heading", "Staying connected with your wife"),
            (
                "paragraph",
                "Keeping the family together doesn't mean accepting everything. You can tell her, calmly and once, "
                "what you need for the children, and also what you love and miss about her. When she has a good "
                "day, notice it and share it with her.",
            ),
            ("heading", "Running on empty"),
            (
                "paragraph",
                "You can't do this without sleep or help. Module 7 is about your own health, and for a parent in "
                "your position it matters as much as the children's safety plan. Ask one person for one practical "
                "thing this week: a school run, a meal, an evening off. A family group can give you somewhere to "
                "say the things you can't say at home.",
            ),
        ],
    },
    {
        "slug": "cannabis-and-his-anxiety",
        "title": "Our 19-year-old says cannabis is the only thing that helps his anxiety",
        "pen_name": "Marigoldsky",
        "writer": "theo-abernathy",
        "days_ago": 108,
        "standfirst": (
            "Marigoldsky's son uses cannabis every day and says it treats his anxiety. Theo Abernathy replies "
            "on anxiety and substance use together, and on inviting him to an assessment."
        ),
        "tags": ["cannabis", "teens", "treatment", "communication"],
        "letter": [
            "Our son is 19 and in his first year at community college. He has always been an anxious kid, and "
            "for the past year he has used cannabis every day, from the moment he wakes up. He says it's the only "
            "thing that calms him down and that it's legal, so what's the problem.",
            "He is failing two classes and rarely leaves the house. We don't want to dismiss his anxiety, which "
            "is real. But we can see it getting worse, not better.",
        ],
        "reply": [
            (
                "paragraph",
                "Hi Marigoldsky, you are holding two true things at once: your son's anxiety is real, and the way "
                "he is managing it isn't working. That is exactly the right place to start.",
            ),
            ("heading", "When cannabis and anxiety go together"),
            (
                "paragraph",
                "Many young people use cannabis to cope with anxiety, and in the short term it can feel like "
                "relief. Over time, heavy daily use is linked with more anxiety, poorer sleep and lower motivation, "
                "which may be part of what you are seeing. That is not a reason to argue with him about it; it is "
                "a reason to get both looked at properly.",
            ),
            ("heading", "Find out what the mornings are like"),
            (
                "paragraph",
                "Using from the moment he wakes suggests the mornings are the hardest part. Module 3 can help you "
                "see what each part of the day is like for him: the worries that come before use, and the relief "
                "that follows. That gives you, and any clinician, a clearer picture.",
            ),
            ("heading", "Inviting him to an assessment"),
            (
                "paragraph",
                "Frame help around what he wants: less anxiety, better sleep, passing his classes. “You've told us "
                "how hard the anxiety is. Would you see someone who treats it? We'll find them and pay for the first "
                "visit.” A service that treats mental health and substance use together is ideal. Module 8 has more "
                "on timing and wording, and on what to do if he says not yet.",
            ),
        ],
    },
    {
        "slug": "exhausted-and-lost-myself",
        "title": "I'm exhausted, and I don't know who I am anymore",
        "pen_name": "Wornthin",
        "writer": "priya-raman",
        "days_ago": 83,
        "standfirst": (
            "After six years of worry about her son, Wornthin writes that she has lost herself. Family coach "
            "Priya Raman replies on beginning to take care of yourself."
        ),
        "tags": ["self-care", "methamphetamine", "boundaries"],
        "letter": [
            "My son is 33 and has used methamphetamine since his mid-twenties. For six years my life has been "
            "organised around him: the phone calls, the court dates, the nights driving around looking for him. "
            "I quit my book club, I don't see friends, and my husband and I only ever talk about our son.",
            "Someone in a family group told me to take care of myself and I wanted to scream. How? When? What "
            "does that even look like when your child might die?",
        ],
        "reply": [
            (
                "paragraph",
                "Hi Wornthin, I hear how angry that advice made you, and I understand. “Take care of yourself” can "
                "sound like one more task, or like being told to stop worrying about your child. That isn't what it "
                "means, and you deserve a better answer than a slogan.",
            ),
            ("heading", "Why it is not selfish"),
            (
                "paragraph",
                "You have been running a crisis service for six years, alone, without pay or sleep. No one can keep "
                "that up. Module 1 describes your own life getting better as one of CRAFT's three aims, alongside "
                "helping him, whatever he decides.",
            ),
            (
                "pull_quote",
                {
                    "quote": "Looking after yourself is not stepping away from your son. It is how you stay able to help him for as long as this takes.",
                    "attribution": "Priya Raman",
                },
            ),
            ("heading", "What it looks like, in small steps"),
            (
                "paragraph",
                "Start smaller than you think. One phone call to a friend from the book club. One evening with your "
                "husband when you agree not to talk about your son for an hour. One night when someone else keeps "
                "their phone on. Module 7 has exercises for choosing these first steps.",
            ),
            (
                "paragraph",
                "You can also set small limits that protect you: no more driving out at night to look for him, or "
                "no answering calls after eleven unless it is an emergency. Tell him once, kindly, and keep to it.",
            ),
            ("heading", "You are still in there"),
            (
                "paragraph",
                "The person who loved books and friends hasn't gone; she has been on duty for six years. Each small "
                "thing you do for yourself is a way of telling her you remember.",
            ),
        ],
    },
    {
        "slug": "he-finally-said-yes-to-treatment",
        "title": "He finally said yes to treatment. What do we do now?",
        "pen_name": "Northwindwife",
        "writer": "theo-abernathy",
        "days_ago": 47,
        "standfirst": (
            "After a year of practising CRAFT, Northwindwife's husband has agreed to start methadone. Theo "
            "Abernathy replies on the first weeks of treatment and how a family can help."
        ),
        "tags": ["treatment", "medication", "opioids", "rewards"],
        "pins": ["is-sober-living-the-right-next-step", "he-wont-agree-to-the-care-he-needs"],
        "letter": [
            "After a year in our family group, practising everything we learned, my husband agreed last week to "
            "start treatment for his opioid use. He has been to an intake appointment and starts methadone on "
            "Monday. I cried in the car park.",
            "I am so happy, and so afraid of getting it wrong. What should I do, or not do, in these first weeks? "
            "I keep wanting to check on him every hour.",
        ],
        "reply": [
            (
                "paragraph",
                "Hi Northwindwife, congratulations. A year of practice, patience and a great deal of love went into "
                "that yes, and you should be proud. Crying in the car park sounds exactly right.",
            ),
            ("heading", "The first weeks of methadone"),
            (
                "paragraph",
                "The early weeks usually mean daily visits to the clinic while the dose is adjusted, and he may feel "
                "tired or unwell until the right dose is found. That is normal. Help with the practical side if he "
                "wants it: lifts to the clinic, a morning routine that makes the visit easy, patience with a tired "
                "husband.",
            ),
            ("heading", "Keep doing what got you here"),
            (
                "paragraph",
                "The skills that led to the yes will help him stay. Notice and reward the effort in specific words: "
                "“I know getting up for the clinic every day is hard. I'm proud of you.” If there is any use, step "
                "back from it rather than arguing about it. Modules 5 and 6 still apply, now in support of treatment.",
            ),
            ("heading", "About checking every hour"),
            (
                "paragraph",
                "The urge to check is a very understandable form of fear. But the treatment is now his, with his "
                "clinic team. Agree with him what you would like to know, perhaps a short chat at dinner about how "
                "the day went, and let the rest go. Module 7 is a good companion for the months ahead, because your "
                "own recovery from this year matters too.",
            ),
        ],
    },
    {
        "slug": "rewarding-good-days-feels-like-bribing",
        "title": "Rewarding the good days feels like bribing my son",
        "pen_name": "Skepticaldad",
        "writer": "maren-castillo",
        "days_ago": 19,
        "standfirst": (
            "Skepticaldad doubts that CRAFT's rewards are anything but bribery. Maren Castillo replies on the "
            "difference, and why it matters."
        ),
        "tags": ["rewards", "communication", "alcohol", "cannabis"],
        "pins": ["our-daughter-vapes-cannabis-every-day"],
        "letter": [
            "Our son is 25 and lives with us. He drinks most nights and smokes cannabis during the day. My wife "
            "has started your course and wants us to do something nice for him on the days he doesn't use, like "
            "making his favourite dinner or going to a game together.",
            "To me this feels like paying a grown man to behave. My father would have thrown him out. Why should "
            "we reward him for doing what he should be doing anyway?",
        ],
        "reply": [
            (
                "paragraph",
                "Hi Skepticaldad, thank you for putting your doubts so plainly; many fathers share them and few say "
                "so. Your instinct that a grown man should take responsibility is a good one. CRAFT agrees. It just "
                "takes a different route to get there.",
            ),
            ("heading", "A reward is not a bribe"),
            (
                "paragraph",
                "A bribe is offered beforehand, to get someone to do something: “If you don't drink tonight, I'll "
                "take you to the game.” A reward comes afterwards, unannounced, because something good happened: he "
                "was sober on Saturday, so the two of you went to the game and had a great time. The first invites "
                "bargaining. The second simply makes sober life more enjoyable than drinking life.",
            ),
            ("heading", "Why it works"),
            (
                "paragraph",
                "Right now, your son's evenings probably run like this: the drinking is pleasant for him, and the "
                "family's reaction is tense but predictable. CRAFT changes both halves. Module 3 shows you what the "
                "drinking and the cannabis do for him, Module 4 changes how you talk, Module 5 adds warmth to sober "
                "time, and Module 6 takes the comfort out of use: you leave the room, you don't cook, you don't "
                "argue. Together, Modules 3, 4, 5 and 6 shift the balance.",
            ),
            (
                "paragraph",
                "Throwing him out is a single, very large consequence. Sometimes it is necessary for safety, but it "
                "gives up almost all of your influence. These small, daily changes keep it.",
            ),
            ("heading", "Try it for a month"),
            (
                "paragraph",
                "Your wife is already learning this. Try it with her for a month, together and consistently, and "
                "keep notes. If it isn't working, you will still have learned something about your son's pattern. "
                "Many families find it works far better than they expected.",
            ),
        ],
    },
]

# One login per role. Passwords are for a developer's machine only; the command
# refuses to run under production settings.
DEMO_USERS = [
    {
        "username": "writer",
        "password": "writer-demo",
        "first_name": "Theo",
        "last_name": "Abernathy",
        "email": "writer@example.org",
        "group": WRITERS,
        # Replies this user starts get this staff writer's byline.
        "staff_writer": "theo-abernathy",
        "can": "take letters, draft replies and submit them for review (cannot publish)",
    },
    {
        "username": "editor",
        "password": "editor-demo",
        "first_name": "Alex",
        "last_name": "Morgan",
        "email": "editor@example.org",
        "group": EDITORS,
        "can": "assign letters, review, approve, schedule and publish replies; manage writers and settings",
    },
    {
        "username": "editor2",
        "password": "editor2-demo",
        "first_name": "Sam",
        "last_name": "Okafor",
        "email": "editor2@example.org",
        "group": EDITORS,
        # One editor approves a reply's privacy check, another its editorial approval (four eyes).
        "can": "the same as editor: the second pair of eyes on a reply the other editor privacy-checked",
    },
    {
        "username": "moderator",
        "password": "moderator-demo",
        "first_name": "Casey",
        "last_name": "Lin",
        "email": "moderator@example.org",
        "group": COMMENT_MODERATORS,
        "can": "work the comment queue: approve, reject, mark spam (cannot edit pages)",
    },
    {
        "username": "admin",
        "password": "admin-demo",
        "first_name": "Avery",
        "last_name": "Quinn",
        "email": "admin@example.org",
        "group": None,
        "superuser": True,
        "can": "everything, including users, groups and workflows",
    },
]
