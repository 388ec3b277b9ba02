"""The demo site's three courses: what they teach, lesson by lesson."""


def p(*paragraphs):
    return ("paragraph", "".join(f"<p>{text}</p>" for text in paragraphs))


def h(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def points(*items, title="Key points"):
    return ("key_points", {"title": title, "points": list(items)})


def exercise(title, instructions, minutes):
    return ("exercise", {"title": title, "instructions": instructions, "minutes": minutes})


def callout(title, text, tone="tip"):
    return ("callout", {"tone": tone, "title": title, "text": f"<p>{text}</p>"})


def video(url, title, minutes, transcript):
    return ("video", {"video": url, "title": title, "minutes": minutes, "transcript": f"<p>{transcript}</p>"})


def choice(text, right=False, feedback=""):
    return {"text": text, "right": "right" if right else "wrong", "feedback": feedback}


def quiz(title, questions, pass_mark=70, attempts=3):
    """questions: (type, value) pairs, kept in the stream's raw form."""
    questions = [{"type": kind, "value": value} for kind, value in questions]
    return (
        "quiz",
        {"title": title, "questions": questions, "pass_mark": pass_mark, "attempts_allowed": attempts},
    )


def quote(text, attribution):
    return ("quote", {"quote": text, "attribution": attribution})


FOUNDATIONS = {
    "slug": "foundations-of-knowledge-management",
    "title": "Foundations of knowledge management",
    "instructor": "tom-becker",
    "level": "beginner",
    "hours": "4",
    "access": "open",
    "topics": ["km strategy", "km mindset", "tacit knowledge"],
    "summary": (
        "A practical introduction for people who are new to knowledge management: what it is, why "
        "organisations lose what they know, and the handful of habits that help them keep and reuse it."
    ),
    "outcomes": [
        "Explain knowledge management in one sentence to a sceptical manager",
        "Tell tacit from explicit knowledge and choose the right way to share each",
        "Look at a KM problem through people, process, content and technology",
        "Link a KM activity to an outcome the organisation already cares about",
    ],
    "description": [
        p(
            "Most organisations already manage knowledge; they just do it by accident. Experts answer the "
            "same question for the fifth time, projects repeat last year's mistakes, and when a long-serving "
            "colleague retires, a slice of the organisation's memory leaves with them.",
            "This course gives you a vocabulary and a few dependable tools to do it on purpose. It assumes no "
            "background and takes about four hours, including the short exercises.",
        ),
    ],
    "lessons": [
        {
            "slug": "what-knowledge-management-is",
            "title": "What knowledge management is (and is not)",
            "minutes": 25,
            "summary": "A working definition of KM, the difference between information and knowledge, "
            "and three myths that derail KM programmes.",
            "body": [
                h("A working definition"),
                p(
                    "Knowledge management is the deliberate way an organisation helps its people find, share, "
                    "use and create the knowledge they need to do their work well. The word that matters is "
                    "<em>deliberate</em>: every organisation has knowledge, but few look after it.",
                    "Notice that the definition is about work, not about documents. A KM programme succeeds "
                    "when a nurse, an engineer or a caseworker makes a better decision sooner because someone "
                    "else's experience reached them in time.",
                ),
                h("Data, information, knowledge"),
                p(
                    "Data are facts without context: <em>38.5</em>. Information is data given meaning: "
                    "<em>the patient's temperature is 38.5 °C</em>. Knowledge is the capacity to act on it: "
                    "knowing that after this operation, on this ward, a fever on day two usually means one thing "
                    "and what to do about it.",
                    "Davenport and Prusak describe knowledge as a fluid mix of experience, values, context and "
                    "insight. That is why it is hard to write down, and why KM is more than information management.",
                ),
                quote("We know more than we can tell.", "Michael Polanyi"),
                h("Three myths"),
                p(
                    "<b>KM is a technology project.</b> Tools help, but a new intranet with nobody curating it "
                    "becomes a well-indexed attic within a year.",
                    "<b>KM means writing everything down.</b> Much of what matters is better shared in "
                    "conversation; documentation is one of several routes.",
                    "<b>KM is a project with an end date.</b> It is a set of habits, like safety or quality. "
                    "The first project starts the habits; it does not finish them.",
                ),
                points(
                    "KM is deliberate help for people to find, share, use and create knowledge.",
                    "Knowledge is the capacity to act; it lives in people as much as in documents.",
                    "Technology supports KM but never replaces the habits around it.",
                ),
                exercise(
                    "Spot the knowledge leak",
                    "<p>Think of the last time you, or someone near you, lost time because knowledge did not "
                    "reach them. Write down what was known, by whom, and what stopped it from flowing.</p>",
                    10,
                ),
            ],
        },
        {
            "slug": "tacit-and-explicit-knowledge",
            "title": "Tacit and explicit knowledge",
            "minutes": 30,
            "summary": "Why some knowledge can be written down and some cannot, and how the SECI model "
            "describes the way the two kinds turn into each other.",
            "body": [
                h("Two kinds of knowing"),
                p(
                    "Explicit knowledge can be written, drawn or spoken clearly: a checklist, a formula, a "
                    "procedure. Tacit knowledge is the know-how we use without being able to fully describe it: "
                    "how an experienced negotiator reads a room, or how a maintenance engineer hears that a pump "
                    "is about to fail.",
                    "Most valuable expertise is a blend. The checklist captures the steps; the tacit part is "
                    "knowing which step matters today.",
                ),
                h("The SECI model"),
                p(
                    "Ikujiro Nonaka and Hirotaka Takeuchi described four ways knowledge moves between the two forms:",
                ),
                (
                    "paragraph",
                    "<ul><li><b>Socialisation</b> (tacit to tacit): learning by watching and working alongside, "
                    "as an apprentice does.</li><li><b>Externalisation</b> (tacit to explicit): putting experience "
                    "into words, models or stories.</li><li><b>Combination</b> (explicit to explicit): bringing "
                    "documents together into something new, such as a guideline.</li><li><b>Internalisation</b> "
                    "(explicit to tacit): practising from the guideline until it becomes second nature.</li></ul>",
                ),
                callout(
                    "Choose the route that fits",
                    "If the knowledge is mostly tacit, do not start with a template. Start with conversation: "
                    "shadowing, storytelling, a peer assist. Write down what you can afterwards.",
                ),
                points(
                    "Explicit knowledge travels in documents; tacit knowledge travels with people.",
                    "The SECI cycle turns one into the other: socialise, externalise, combine, internalise.",
                    "Match the sharing method to the kind of knowledge.",
                ),
                exercise(
                    "Sort your own expertise",
                    "<p>List five things you are good at in your job. For each, mark whether a newcomer could "
                    "learn it from a document (explicit) or would need to work beside you (tacit).</p>",
                    15,
                ),
                video(
                    "https://www.youtube.com/watch?v=mSGL5ZpYf4k",
                    "Tacit knowledge in six minutes",
                    6,
                    "An engineer listens to a pump and hears that a bearing is wearing out. Asked how, she "
                    "cannot say; she learned it over years beside an older colleague. That is tacit knowledge.",
                ),
                quiz(
                    "Check your understanding",
                    [
                        (
                            "single_choice",
                            {
                                "prompt": "A checklist for a procedure is mostly…",
                                "answers": [
                                    choice(
                                        "Explicit knowledge",
                                        True,
                                        "Yes: it is written down and travels alone.",
                                    ),
                                    choice(
                                        "Tacit knowledge",
                                        False,
                                        "Tacit knowledge is what the checklist leaves out.",
                                    ),
                                ],
                            },
                        ),
                        (
                            "multiple_choice",
                            {
                                "prompt": "Which ways of sharing suit tacit knowledge?",
                                "answers": [
                                    choice("Shadowing", True),
                                    choice("A peer assist", True),
                                    choice("A template", False, "Templates capture explicit knowledge."),
                                ],
                            },
                        ),
                        (
                            "short_answer",
                            {
                                "prompt": "Which model describes socialisation, externalisation, combination "
                                "and internalisation?",
                                "accepted": ["SECI", "the SECI model", "Nonaka and Takeuchi's model"],
                                "feedback_correct": "Right: Nonaka and Takeuchi's SECI model.",
                                "feedback_incorrect": "Look again at the section “The SECI model”.",
                            },
                        ),
                    ],
                ),
            ],
        },
        {
            "slug": "people-process-content-technology",
            "title": "People, process, content and technology",
            "minutes": 25,
            "summary": "The four lenses for looking at any KM problem, and why programmes that pull only one "
            "lever stall.",
            "body": [
                h("Four lenses"),
                p(
                    "When knowledge does not flow, the cause is almost always in one of four places. Looking "
                    "through each lens in turn stops you from buying software to fix a problem of trust.",
                ),
                (
                    "paragraph",
                    "<ul><li><b>People</b>: roles, skills, time and, above all, whether people feel safe and "
                    "rewarded for sharing.</li><li><b>Process</b>: the points in the work where knowledge is "
                    "needed or produced, such as project start-up, hand-over and close.</li><li><b>Content</b>: "
                    "what is captured, how it is organised, who keeps it current.</li><li><b>Technology</b>: the "
                    "tools that connect people and content: search, collaboration spaces, directories of "
                    "expertise.</li></ul>",
                ),
                p(
                    "A useful rule of thumb from practitioners: spend most of your effort on people and process. "
                    "The technology decision is easier and cheaper once you know how the work should flow.",
                ),
                points(
                    "Diagnose with all four lenses before choosing a remedy.",
                    "Embed KM steps in existing processes rather than adding new ones.",
                    "Every piece of content needs an owner who keeps it alive.",
                ),
                exercise(
                    "Diagnose one problem",
                    "<p>Take the knowledge leak from lesson one. Write one sentence per lens describing what "
                    "contributes to it. Which lens would you act on first, and why?</p>",
                    15,
                ),
            ],
        },
        {
            "slug": "the-knowledge-flow",
            "title": "The knowledge flow: find, share, reuse, create",
            "minutes": 25,
            "summary": "Following knowledge through its life in an organisation, and the small habits that "
            "keep each step moving.",
            "body": [
                h("Knowledge as a flow, not a stock"),
                p(
                    "It helps to think of knowledge less as a warehouse and more as a river. What matters is "
                    "not how much is stored but whether it reaches the people who need it, when they need it.",
                    "Four verbs describe the flow: people <b>find</b> what exists, <b>share</b> what they know, "
                    "<b>reuse</b> it in their own work, and <b>create</b> new knowledge in doing so, which "
                    "starts the cycle again.",
                ),
                h("Habits for each step", "h3"),
                (
                    "paragraph",
                    "<ul><li><b>Find</b>: ask before you start (“who has done this before?”); keep an expertise "
                    "directory current.</li><li><b>Share</b>: make it part of finishing work, not an extra; "
                    "thank people publicly when their knowledge helped.</li><li><b>Reuse</b>: make the "
                    "reused thing easy to adapt; credit the source.</li><li><b>Create</b>: reflect after "
                    "milestones; notice what surprised you.</li></ul>",
                ),
                callout(
                    "The quickest win",
                    "Add one question to the kick-off of every project: “Who has done something like this, "
                    "and have we talked to them?” It costs nothing and it is where reuse begins.",
                ),
                points(
                    "Measure flow (reuse, time to competence), not stock (number of documents).",
                    "Each step of the flow has a small, repeatable habit.",
                ),
            ],
        },
        {
            "slug": "making-the-case",
            "title": "Making the case: KM and business outcomes",
            "minutes": 30,
            "summary": "How to connect a KM initiative to outcomes leaders already care about, and how to "
            "show progress without vanity metrics.",
            "body": [
                h("Start from the outcome"),
                p(
                    "Leaders rarely fund “knowledge management”. They fund faster onboarding, fewer repeated "
                    "mistakes, better bids and safer operations. Start from one of those and show how better "
                    "knowledge flow moves it.",
                    "A good KM business case names the business problem, the knowledge gap behind it, the "
                    "smallest intervention that could close the gap, and how you will know it worked.",
                ),
                h("Evidence that persuades"),
                p(
                    "Numbers such as page views or documents uploaded describe activity, not value. Combine a "
                    "few outcome measures (time saved, errors avoided) with stories: specific, verifiable "
                    "accounts of knowledge being reused and what it changed.",
                ),
                quote(
                    "If only we knew what we know.",
                    "Attributed to Lew Platt, former CEO of Hewlett-Packard",
                ),
                points(
                    "Tie KM to an outcome the organisation already measures.",
                    "Pilot small, measure honestly, then scale.",
                    "Pair numbers with stories of reuse.",
                ),
                exercise(
                    "Write a one-paragraph case",
                    "<p>Using your diagnosed problem, write a paragraph for a manager: the business problem, "
                    "the knowledge gap, the first step you propose and the sign that it worked.</p>",
                    20,
                ),
            ],
        },
    ],
}


COMMUNITY_OF_PRACTICE = {
    "slug": "building-a-community-of-practice",
    "title": "Building a community of practice",
    "instructor": "amara-okafor",
    "level": "beginner",
    "hours": "5",
    "access": "open",
    "topics": ["communities of practice", "facilitation", "knowledge sharing"],
    "summary": (
        "Start and sustain a community of practice: choose its domain, find its core group, give it a "
        "rhythm people want to keep, and show the value it creates."
    ),
    "outcomes": [
        "Describe a community of practice by its domain, community and practice",
        "Find and support a core group that carries the community",
        "Plan a rhythm of activities that keeps members coming back",
        "Collect value-creation stories that convince sponsors",
    ],
    "description": [
        p(
            "Communities of practice are groups of people who share a concern or a passion for something they "
            "do and learn how to do it better as they interact regularly. They are one of the oldest and most "
            "effective ways of sharing tacit knowledge.",
            "This course follows a community from its first conversation to its first annual review, with "
            "practical exercises you can apply to a community you run or want to start.",
        ),
    ],
    "lessons": [
        {
            "slug": "what-makes-a-community-of-practice",
            "title": "What makes a community of practice",
            "minutes": 25,
            "summary": "The three elements every community of practice has, and how a community differs from "
            "a team or a network.",
            "body": [
                h("Domain, community, practice"),
                p(
                    "Etienne Wenger-Trayner and Beverly Wenger-Trayner describe three elements that together make "
                    "a community of practice.",
                ),
                (
                    "paragraph",
                    "<ul><li><b>The domain</b>: a shared area of interest and competence that gives members an "
                    "identity, such as paediatric nursing or contract negotiation.</li><li><b>The community</b>: "
                    "members engage in joint activities and discussions, help each other and build relationships "
                    "that let them learn from one another.</li><li><b>The practice</b>: members are practitioners. "
                    "Over time they build a shared repertoire of resources: stories, tools, ways of handling "
                    "recurring problems.</li></ul>",
                ),
                h("Not a team, not a network"),
                p(
                    "A team exists to deliver a shared goal and disbands when it is done; a community exists to "
                    "develop members' capability and lasts as long as the domain matters to them. A network is a "
                    "set of connections; a community adds a shared identity and a commitment to learn together.",
                ),
                quote(
                    "Communities of practice are formed by people who engage in a process of collective learning "
                    "in a shared domain of human endeavour.",
                    "Etienne Wenger-Trayner",
                ),
                points(
                    "A community of practice needs a domain, a community and a practice.",
                    "Membership is voluntary; value to members keeps it alive.",
                    "Its output is capability, not a deliverable.",
                ),
                exercise(
                    "Name your domain",
                    "<p>Write one sentence describing the domain of a community you would like to build. Would "
                    "a practitioner read it and think “that is about my work”?</p>",
                    10,
                ),
            ],
        },
        {
            "slug": "domain-and-core-group",
            "title": "Finding the domain and the core group",
            "minutes": 30,
            "summary": "How to frame a domain that matters to practitioners and to the organisation, and how to "
            "find the few people who will carry the community.",
            "body": [
                h("A domain with energy"),
                p(
                    "The best domains sit where members' passion meets the organisation's strategy. Too broad "
                    "(“innovation”) and nobody feels it is about them; too narrow (“the 2024 procurement form”) "
                    "and it runs out of questions.",
                    "Test a domain by listing the ten questions members would bring to the first meeting. If you "
                    "struggle to find ten, the domain is too narrow; if they have nothing in common, it is too broad.",
                ),
                h("Levels of participation"),
                p(
                    "Healthy communities have a small core group (perhaps ten to fifteen percent of members) who "
                    "take part actively and often lead; an active group who join regularly; and a large periphery "
                    "who mostly watch and learn. Peripheral members are not a failure: they are often where the "
                    "community's knowledge is reused.",
                ),
                callout(
                    "Recruit the core group one by one",
                    "Before announcing a community, talk with eight to twelve respected practitioners individually. "
                    "Ask what they would want from it. Those conversations recruit the core group and shape the domain.",
                ),
                points(
                    "Frame the domain where member passion meets organisational need.",
                    "Expect and welcome a large periphery.",
                    "A community starts with conversations, not with a launch event.",
                ),
                exercise(
                    "Ten questions",
                    "<p>List ten questions a member of your community would want answered. Then list five people "
                    "you would ask to join the core group, and why each.</p>",
                    20,
                ),
            ],
        },
        {
            "slug": "rhythm-events-and-spaces",
            "title": "Rhythm: events, conversations and spaces",
            "minutes": 30,
            "summary": "Designing a regular rhythm of activities, online and in person, that gives members a "
            "reason to return.",
            "body": [
                h("Rhythm over volume"),
                p(
                    "Communities thrive on a predictable beat: a monthly call, a quarterly workshop, a yearly "
                    "gathering. The rhythm tells members when to show up and lets busy practitioners plan around it.",
                    "Between events, a shared online space keeps conversations going. Seed it with questions from "
                    "the core group so newcomers find it alive.",
                ),
                h("A menu of activities", "h3"),
                (
                    "paragraph",
                    "<ul><li><b>Problem clinics</b>: a member brings a live problem; others help.</li><li><b>Show "
                    "and tell</b>: someone walks through a piece of work and the choices behind it.</li><li><b>Peer "
                    "assists</b>: a team about to start something invites experienced members to share.</li>"
                    "<li><b>Build sessions</b>: members co-write a guide, template or checklist.</li></ul>",
                ),
                callout(
                    "Design for both public and private spaces",
                    "Open events build the community's identity; small, trusted conversations are where people "
                    "admit what went wrong. Plan for both.",
                    tone="info",
                ),
                points(
                    "A steady rhythm matters more than many events.",
                    "Vary activities so different members find a way in.",
                    "Keep the online space alive with seeded questions.",
                ),
            ],
        },
        {
            "slug": "the-coordinators-role",
            "title": "The coordinator's role",
            "minutes": 25,
            "summary": "What a community coordinator does week to week, and how to make the role sustainable.",
            "body": [
                h("The most important role"),
                p(
                    "Studies of communities of practice consistently find that the coordinator makes the biggest "
                    "difference to whether a community survives its first two years. The coordinator is a "
                    "respected member of the domain who connects people, plans the rhythm and keeps the "
                    "conversation going.",
                    "They are not the community's expert on everything. Their skill is knowing who knows what, "
                    "and asking the question that brings the right people together.",
                ),
                h("A week in the life", "h3"),
                (
                    "paragraph",
                    "<ul><li>Welcome newcomers personally and introduce them to one other member.</li><li>Turn "
                    "a question from the online space into a topic for the next call.</li><li>Check in with the "
                    "core group: what is on their minds?</li><li>Tell the sponsor one story of value.</li></ul>",
                ),
                points(
                    "Give coordinators time: a few hours a week, agreed with their manager.",
                    "Coordinators connect people; they do not need to answer every question.",
                    "Rotate or share the role before it burns someone out.",
                ),
                exercise(
                    "Draft the role",
                    "<p>Write a half-page role description for your community's coordinator, including the "
                    "time it needs and what their manager agrees to.</p>",
                    15,
                ),
            ],
        },
        {
            "slug": "value-creation-stories",
            "title": "Measuring value with value-creation stories",
            "minutes": 30,
            "summary": "Using the value-creation framework and short stories to show what a community achieves.",
            "body": [
                h("Why counting members is not enough"),
                p(
                    "Membership numbers and attendance describe activity. Sponsors want to know what changed. "
                    "The Wenger-Trayner value-creation framework traces a line from taking part to results.",
                ),
                (
                    "paragraph",
                    "<ul><li><b>Immediate value</b>: the activity itself was useful or enjoyable.</li><li><b>Potential "
                    "value</b>: members gained knowledge, relationships or resources.</li><li><b>Applied value</b>: "
                    "they used it in their work.</li><li><b>Realised value</b>: it made a measurable difference.</li>"
                    "<li><b>Reframing value</b>: it changed how people or the organisation define success.</li></ul>",
                ),
                h("Writing a value-creation story", "h3"),
                p(
                    "A value-creation story follows one member along that line: what they took part in, what they "
                    "learned, what they did differently and what resulted. Keep stories short, specific and "
                    "verifiable, and collect a few every quarter.",
                ),
                quote("The stories are the data.", "A community coordinator at KMP"),
                points(
                    "Trace value from taking part to results.",
                    "Specific, verifiable stories persuade sponsors more than totals.",
                    "Collect stories routinely, not only at review time.",
                ),
                exercise(
                    "Collect one story",
                    "<p>Interview one member for ten minutes about a time the community helped them. Write it up "
                    "in five sentences along the value-creation line.</p>",
                    20,
                ),
            ],
        },
    ],
}


LESSONS_LEARNED = {
    "slug": "lessons-learned-and-after-action-reviews",
    "title": "Lessons learned and after-action reviews",
    "instructor": "li-wei",
    "level": "intermediate",
    "hours": "4",
    "access": "members",
    "topics": ["lessons learned", "after-action reviews"],
    "summary": (
        "Help teams learn from what they have just done: run after-action reviews and retrospects, turn "
        "observations into lessons, and make sure the lessons change what happens next time."
    ),
    "outcomes": [
        "Run a twenty-minute after-action review with the four standard questions",
        "Write a lesson that someone else can act on",
        "Close the loop from lesson identified to lesson learned",
        "Choose between a peer assist, an after-action review and a retrospect",
    ],
    "description": [
        p(
            "Many organisations collect lessons learned; few learn them. Lessons sit in databases nobody reads, "
            "and the same problems return on the next project.",
            "This course is about the whole loop: capturing lessons while they are fresh, writing them so they "
            "can be used, and embedding them in the processes where the next team will meet them.",
        ),
    ],
    "lessons": [
        {
            "slug": "why-organisations-forget",
            "title": "Why organisations forget",
            "minutes": 20,
            "summary": "The common reasons lessons-learned systems fail, and what a learning loop needs to work.",
            "body": [
                h("The lessons graveyard"),
                p(
                    "A familiar pattern: a project closes, a lessons-learned form is filled in under time pressure, "
                    "the file is uploaded to a repository, and nobody opens it again. When the next project starts, "
                    "it has neither time nor a reason to look.",
                    "The failure is not in capture; it is in the loop. A lesson is only learned when something "
                    "changes: a checklist, a standard, a training module, a habit.",
                ),
                h("What a learning loop needs", "h3"),
                (
                    "paragraph",
                    "<ul><li>Capture close to the event, by the people who were there.</li><li>Lessons written as "
                    "recommendations someone can act on.</li><li>An owner for each lesson who decides what changes.</li>"
                    "<li>A way for the next team to meet the lesson at the moment they need it.</li></ul>",
                ),
                points(
                    "Capture without change is a graveyard, not a system.",
                    "Every lesson needs an owner and an action.",
                ),
            ],
        },
        {
            "slug": "running-an-after-action-review",
            "title": "Running an after-action review",
            "minutes": 35,
            "summary": "The four questions of an after-action review, how to facilitate one in twenty minutes, "
            "and how to keep it blame-free.",
            "body": [
                h("Four questions"),
                p(
                    "The after-action review (AAR) began in the US Army and spread to hospitals, firefighters and "
                    "businesses because it is short and it works. It asks four questions, in order:",
                ),
                (
                    "paragraph",
                    "<ol><li>What was supposed to happen?</li><li>What actually happened?</li><li>Why were there "
                    "differences?</li><li>What will we sustain, and what will we improve, next time?</li></ol>",
                ),
                h("Facilitating it well", "h3"),
                p(
                    "Hold the review as soon as possible, ideally the same day, with the people who did the work. "
                    "Everyone speaks as an equal; rank is left at the door. The facilitator keeps the group on "
                    "facts first and explanations second, and steers away from blame.",
                    "Twenty minutes is enough for a small event. Spend most of the time on the third and fourth "
                    "questions: that is where the learning is.",
                ),
                callout(
                    "Ground rule",
                    "Focus on what happened and why, not on who. People only tell the truth about mistakes when "
                    "they trust it will not be used against them.",
                    tone="warning",
                ),
                points(
                    "Four questions: intended, actual, why different, what next.",
                    "Soon after the event, with the people involved, as equals.",
                    "Spend the time on causes and actions.",
                ),
                exercise(
                    "Run a mini-AAR",
                    "<p>After your next meeting or small task, take ten minutes with one colleague to answer the "
                    "four questions. Write down one thing to sustain and one to improve.</p>",
                    15,
                ),
            ],
        },
        {
            "slug": "from-identified-to-learned",
            "title": "From lesson identified to lesson learned",
            "minutes": 30,
            "summary": "Writing lessons others can act on, assigning owners, and embedding changes in "
            "process and guidance.",
            "body": [
                h("Write the lesson as advice"),
                p(
                    "An observation (“the supplier delivered late”) is not yet a lesson. A lesson is advice for "
                    "the next team, with its context: “On projects with imported equipment, confirm customs "
                    "lead times at contract award; ours added six weeks.”",
                    "A useful template: <em>in this situation, do this, because of what happened</em>.",
                ),
                h("Close the loop", "h3"),
                p(
                    "Each lesson gets an owner: usually the person responsible for the process it affects. The "
                    "owner decides whether to change a standard, a checklist, a template or training, and records "
                    "that the change is made. Only then is the lesson learned.",
                    "Track lessons like actions, with a status. Review open lessons at regular management meetings.",
                ),
                points(
                    "Observation → lesson identified → action → lesson learned.",
                    "Write lessons as context-rich advice.",
                    "A lesson is learned when a process changes.",
                ),
                exercise(
                    "Rewrite three lessons",
                    "<p>Find three past lessons in your organisation (or invent realistic ones). Rewrite each "
                    "as advice using the template, and name the process owner who should act on it.</p>",
                    20,
                ),
            ],
        },
        {
            "slug": "retrospects-and-peer-assists",
            "title": "Retrospects and peer assists",
            "minutes": 30,
            "summary": "Learning before and after: peer assists at the start of work and retrospects at its end, "
            "alongside AARs during it.",
            "body": [
                h("Learning before, during and after"),
                p(
                    "Chris Collison and Geoff Parcell describe a simple frame from their work at BP: learn before "
                    "you start, while you work and after you finish.",
                ),
                (
                    "paragraph",
                    "<ul><li><b>Before</b>: a <em>peer assist</em> invites people who have done similar work to "
                    "share their experience with a team about to begin.</li><li><b>During</b>: short after-action "
                    "reviews after each milestone or event.</li><li><b>After</b>: a <em>retrospect</em>, a longer, "
                    "facilitated review at the end of a project, with the client or sponsor if possible.</li></ul>",
                ),
                h("Running a peer assist", "h3"),
                p(
                    "The host team states its challenge clearly and asks for help; the visitors share stories "
                    "and options, not instructions; the host team decides what to use. Half a day is typical. "
                    "End by agreeing what the hosts will do differently, and thank the visitors by telling them "
                    "later what happened.",
                ),
                callout(
                    "Pick the right tool",
                    "Starting something new? Ask for a peer assist. Just finished an event? Hold a twenty-minute "
                    "AAR. Closing a project? Plan a retrospect and invite the sponsor.",
                ),
                points(
                    "Peer assists bring experience in before work starts.",
                    "AARs capture learning during work; retrospects at its end.",
                    "Close every loop by telling contributors what changed.",
                ),
            ],
        },
    ],
}

COURSES = [FOUNDATIONS, COMMUNITY_OF_PRACTICE, LESSONS_LEARNED]
