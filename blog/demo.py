"""Demo blog: the index, twelve posts by the four demo contributors, and one
Blogger's draft waiting for a moderator. Safe to run twice."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.rich_text import RichText

from community.people.models import ContributorProfile
from portal.demo import demo_image, get_or_add_child

from .contributors import default_author_for
from .models import BlogIndexPage, BlogPostAuthor, BlogPostPage


def p(*paragraphs):
    return ("paragraph", RichText("".join(f"<p>{text}</p>" for text in paragraphs)))


def h(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def quote(text, attribution=""):
    return ("quote", {"quote": text, "attribution": attribution})


def callout(title, html, tone="tip"):
    return ("callout", {"tone": tone, "title": title, "text": RichText(html)})


POSTS = [
    {
        "slug": "why-communities-of-practice-outlast-projects",
        "title": "Why communities of practice outlast the projects that start them",
        "authors": ["amara-okafor"],
        "topics": ["Communities of practice", "Knowledge sharing"],
        "days_ago": 4,
        "summary": "Projects end on a date; practice does not. A community of practice keeps what "
        "people learn alive long after the project team has moved on.",
        "body": [
            p(
                "Every organisation I have worked with has a graveyard of project sites: wikis, shared "
                "drives and chat channels that were busy for eighteen months and then went quiet on the "
                "day the project closed. The knowledge in them was real. What was missing was a group of "
                "people who cared about it once the deadline had passed.",
                "A community of practice is that group. It is not organised around a deliverable but "
                "around a shared domain: malaria case management, bid writing, running field surveys. "
                "Its members keep meeting because the problems of their practice keep coming back.",
            ),
            quote(
                "Communities of practice are groups of people who share a concern or a passion for something "
                "they do and learn how to do it better as they interact regularly.",
                "Etienne and Beverly Wenger-Trayner",
            ),
            h("Domain, community, practice"),
            p(
                "The definition has three parts, and each one fails in a recognisable way. Without a clear "
                "<b>domain</b>, meetings drift into general networking. Without a <b>community</b>, people "
                "broadcast and nobody replies. Without a shared <b>practice</b> (the cases, tools, stories and "
                "habits members build together), the group talks about the work but never improves it.",
                "When I am asked to rescue a struggling community, I look for which of the three is weak "
                "before I change anything else.",
            ),
            h("What projects can hand over"),
            p(
                "Projects are good at producing knowledge and bad at keeping it. A simple handover helps: "
                "before a project closes, name the communities that will inherit its lessons and invite "
                "two or three team members to present what they learned there. The project gets an "
                "audience; the community gets fresh cases; and the lessons land with people who will use them.",
            ),
            callout(
                "Try this",
                "<p>At your next project closure, ask: <i>which community should hear about this?</i> "
                "If nobody can answer, you may have found a community that needs to exist.</p>",
            ),
        ],
    },
    {
        "slug": "six-stages-of-building-a-community-of-practice",
        "title": "The six stages of building a community of practice",
        "authors": ["amara-okafor"],
        "topics": ["Communities of practice", "Facilitation"],
        "days_ago": 11,
        "summary": "From finding a domain worth caring about to closing a community well: the stages "
        "I use with new coordinators, and the question that matters at each one.",
        "body": [
            p(
                "Wenger, McDermott and Snyder described five stages in the life of a community of practice: "
                "potential, coalescing, maturing, stewardship and transformation. In practice I split the "
                "first stage in two, because finding the domain and finding the people are different jobs. "
                "That gives the six stages below. Each has one question the coordinator should be able to answer.",
            ),
            h("1. Find the domain"),
            p(
                "<b>Question: what problem do people keep solving on their own?</b> Look for repeated questions "
                "in email, duplicated templates, and the colleague everyone phones. A good domain is narrow "
                "enough to be useful and wide enough to keep producing new problems."
            ),
            h("2. Gather the core group"),
            p(
                "<b>Question: who would come even if nobody asked them to?</b> Five to eight committed "
                "practitioners are worth more than a mailing list of two hundred. Interview them one by one "
                "before the first meeting; the interviews are where trust starts."
            ),
            h("3. Launch with a rhythm"),
            p(
                "<b>Question: when do we meet, and what happens each time?</b> A predictable rhythm (say, "
                "a forty-five minute call every second Thursday with one case and one open question) beats "
                "an ambitious programme. People plan around rhythms."
            ),
            h("4. Build the practice"),
            p(
                "<b>Question: what have we made together?</b> By now the community should be producing "
                "shared assets: a checklist, a set of worked examples, a glossary. These give newcomers a "
                "way in and give members a reason to return."
            ),
            h("5. Steward and renew"),
            p(
                "<b>Question: who will lead when the founders step back?</b> Mature communities stall when "
                "the same three people do everything. Rotate facilitation, bring in new voices and revisit "
                "the domain once a year."
            ),
            h("6. Transform or close well"),
            p(
                "<b>Question: is this still the right community?</b> Some communities split, some merge and "
                "some end. Closing well means archiving the practice, thanking people in public and pointing "
                "members to where the conversation continues."
            ),
            quote(
                "The stage you are in matters less than knowing which stage you are in.",
                "Amara Okafor",
            ),
        ],
    },
    {
        "slug": "what-a-community-coordinator-actually-does",
        "title": "What a community coordinator actually does",
        "authors": ["amara-okafor", "tom-becker"],
        "topics": ["Communities of practice", "Facilitation", "Relationships"],
        "days_ago": 19,
        "summary": "The coordinator is the most important and least visible role in a community of "
        "practice. Here is what the work looks like in a normal week.",
        "body": [
            p(
                "When a community thrives, people credit the members. When it fails, they blame the "
                "platform. The coordinator rarely appears in either story, yet in our experience the "
                "health of a community tracks the time its coordinator can give it more closely than any "
                "other factor.",
            ),
            h("A normal week"),
            p(
                "<b>Monday:</b> read every new question and make sure each one gets a reply within a day, "
                "even if the reply is only an introduction to someone who knows.",
                "<b>Wednesday:</b> call one member who has gone quiet, and one who is new.",
                "<b>Thursday:</b> host the fortnightly session, keep time and capture the one or two "
                "insights worth writing up.",
                "<b>Friday:</b> write a short digest: what was asked, what was learned, who helped.",
            ),
            h("Connector, not expert"),
            p(
                "The best coordinators are rarely the leading experts in the domain. Their skill is "
                "knowing who knows what, and making introductions that save other people hours. They "
                "ask good questions in public so that others feel safe asking theirs.",
            ),
            quote(
                "Knowledge can only be volunteered; it cannot be conscripted.",
                "Dave Snowden",
            ),
            p(
                "That is why the role needs protected time, usually a fifth of a working week for a "
                "community of a hundred people. Without it, coordination becomes something squeezed in "
                "between meetings, and members notice.",
            ),
        ],
    },
    {
        "slug": "lessons-learned-are-not-learned-until-something-changes",
        "title": "Lessons learned are not learned until something changes",
        "authors": ["li-wei"],
        "topics": ["Lessons learned", "KM strategy"],
        "days_ago": 7,
        "summary": "Most lessons-learned registers are really lessons-identified registers. The "
        "learning only happens when a process, a checklist or a habit changes.",
        "body": [
            p(
                "I once audited a lessons-learned database with more than four thousand entries. When we "
                "sampled a hundred of them, we found the same dozen problems recorded again and again, "
                "project after project, over nine years. The organisation was very good at writing lessons "
                "down. It had almost never acted on one.",
            ),
            quote(
                "Those who cannot remember the past are condemned to repeat it.",
                "George Santayana",
            ),
            h("Identified, assigned, embedded"),
            p(
                "A lesson goes through three states. It is <b>identified</b> when someone notices what "
                "went well or badly. It is <b>assigned</b> when a named owner agrees to change something "
                "because of it. It is <b>embedded</b> when the change is in the procedure, the template, "
                "the training or the tool, so that the next team benefits without having to read the lesson.",
                "Most systems stop at the first state. Counting lessons identified is easy, which is why "
                "it is reported. Counting lessons embedded is harder, and far more useful.",
            ),
            h("Three changes that help"),
            p(
                "First, give every lesson an owner and a due date, exactly like a risk. Second, review "
                "open lessons at the start of similar projects, not at the end of finished ones. Third, "
                "close a lesson only when you can point to what changed.",
            ),
            callout(
                "A useful test",
                "<p>Pick any closed lesson and ask a new starter to find where it now lives in the way "
                "you work. If they cannot, it is still only identified.</p>",
                tone="info",
            ),
        ],
    },
    {
        "slug": "after-action-review-in-thirty-minutes",
        "title": "Running an after-action review in thirty minutes",
        "authors": ["li-wei"],
        "topics": ["After-action reviews", "Lessons learned", "Facilitation"],
        "days_ago": 15,
        "summary": "Four questions, a timer and a rule that nobody is blamed: a format for after-action "
        "reviews short enough to happen while memories are fresh.",
        "body": [
            p(
                "After-action reviews come from the military, where they are held straight after an "
                "exercise, standing up, in the mud. The format works anywhere because it is short and "
                "because it separates what happened from who is to blame.",
            ),
            quote(
                "What was supposed to happen? What actually happened? Why was there a difference? "
                "What can we learn from this?",
                "The four questions of the after-action review",
            ),
            h("The agenda"),
            p(
                "Hold the review within a week of the event, with the people who were there. The "
                "facilitator should not be the person who led the work. Here is the agenda I use, "
                "including the timings:",
            ),
            (
                "code",
                {
                    "language": "text",
                    "caption": "A thirty-minute after-action review",
                    "code": "00-03  Ground rules: no rank, no blame, what is said stays here\n"
                    "03-08  What was supposed to happen?   (objectives, plan)\n"
                    "08-15  What actually happened?        (timeline, facts only)\n"
                    "15-23  Why was there a difference?    (causes, not culprits)\n"
                    "23-28  What will we do differently?   (one owner per action)\n"
                    "28-30  Who else needs to hear this?",
                },
            ),
            h("What makes it work"),
            p(
                "Keep the facts and the interpretation apart: agree the timeline first, then discuss "
                "causes. Write actions, not observations; an action has a verb, an owner and a date. "
                "And finish by asking who else needs to hear the lesson, because that question turns "
                "a team's learning into the organisation's.",
            ),
        ],
    },
    {
        "slug": "closing-the-loop-from-lessons-log-to-living-knowledge",
        "title": "Closing the loop: from lessons log to living knowledge",
        "authors": ["li-wei", "sofia-marquez"],
        "topics": ["Lessons learned", "Tacit knowledge", "Knowledge sharing"],
        "days_ago": 26,
        "summary": "A lessons log captures what can be written down. The rest of the lesson lives in "
        "people, and it needs a different route to the next team.",
        "body": [
            p(
                "When a project team writes a lesson, it compresses months of experience into a few "
                "sentences. Much of what made the lesson valuable (the feel of the situation, the warning "
                "signs, the judgement call) does not survive the compression. The next team reads the "
                "words and misses the point.",
            ),
            h("Pair the document with a person"),
            p(
                "Our simplest fix has been to attach a name to every significant lesson: someone who was "
                "there and is willing to take a twenty-minute call. The written lesson becomes an index "
                "into people's experience instead of a substitute for it.",
                "It costs little, and the calls often surface lessons that were never written down at all.",
            ),
            quote(
                "I will always know more than I can say, and I will always say more than I can write down.",
                "Dave Snowden",
            ),
            h("Peer assists before, reviews after"),
            p(
                "Reviews at the end of a project look backwards. A peer assist at the start of the next "
                "one looks forwards: the new team invites people who have done similar work to spend half "
                "a day on their plan. Lessons arrive exactly when they can still change something.",
                "Used together, the after-action review, the named contact and the peer assist close the "
                "loop that a database alone leaves open.",
            ),
        ],
    },
    {
        "slug": "tacit-knowledge-what-experts-cannot-say",
        "title": "Tacit knowledge: what experts know but cannot say",
        "authors": ["sofia-marquez"],
        "topics": ["Tacit knowledge"],
        "days_ago": 9,
        "summary": "Ask an expert how they decide and you get a tidy account that leaves out most of "
        "what they do. That missing part is tacit knowledge.",
        "body": [
            p(
                "In my research I watch experienced practitioners at work: nurses triaging, engineers "
                "diagnosing faults, editors cutting copy. Then I ask them to explain what they did. The "
                "explanations are sincere and incomplete. Experts notice things they no longer know they "
                "notice.",
            ),
            quote("We can know more than we can tell.", "Michael Polanyi, The Tacit Dimension"),
            h("Why it matters for KM"),
            p(
                "Much of knowledge management was built for explicit knowledge: documents, procedures, "
                "databases. Those matter. But the knowledge that makes an organisation hard to copy is "
                "mostly tacit, and it leaves when people retire, move or burn out.",
            ),
            h("Ways to make it visible"),
            p(
                '<b>Observe, then ask.</b> Shadow the expert and ask about specific moments ("why did you '
                'stop there?") rather than general rules.',
                "<b>Use contrasting cases.</b> Show two similar situations with different outcomes and ask "
                "what differs. Experts are far better at spotting differences than at listing criteria.",
                "<b>Collect stories.</b> A story about a near miss carries judgement that a checklist cannot.",
            ),
            p(
                "None of these methods turns tacit knowledge into a document. They make it discussable, "
                "which is enough to start passing it on.",
            ),
        ],
    },
    {
        "slug": "storytelling-to-share-tacit-knowledge",
        "title": "Storytelling as a way to share tacit knowledge",
        "authors": ["sofia-marquez"],
        "topics": ["Storytelling", "Tacit knowledge", "Knowledge sharing"],
        "days_ago": 22,
        "summary": "Stories carry context, judgement and emotion, the parts of knowledge that a procedure "
        "strips out. A few simple prompts help people tell them well.",
        "body": [
            p(
                "People remember stories long after they have forgotten slides. That is not a trick of "
                "attention; it is because a story keeps the context that gives knowledge its meaning: who "
                "was there, what was at stake, what they noticed, and what they would do differently.",
            ),
            h("Prompts that draw out useful stories"),
            p(
                '"Tell me about a time when the procedure was not enough." "What was the moment you '
                'realised something was wrong?" "What do you wish someone had told you in your first '
                'month?" Prompts like these invite specific episodes instead of opinions.',
            ),
            quote(
                "The story I remember from my first ward round taught me more than the manual did.",
                "A nurse in one of our story circles",
            ),
            h("Story circles"),
            p(
                "A story circle is a small group, usually five or six people, who take turns telling a "
                "short story on a shared theme. After each story, listeners say what they noticed, and "
                "the teller adds what they did not say the first time. The second telling is often where "
                "the tacit knowledge appears.",
                "Record the stories only with permission, and tag them by situation rather than by person, "
                "so that someone facing the same situation later can find them.",
            ),
        ],
    },
    {
        "slug": "apprenticeship-shadowing-and-the-craft-of-handover",
        "title": "Apprenticeship, shadowing and the craft of handover",
        "authors": ["sofia-marquez"],
        "topics": ["Tacit knowledge", "Knowledge retention"],
        "days_ago": 33,
        "summary": "When an expert leaves, the handover document is the least important part of the "
        "handover. Time spent working side by side matters far more.",
        "body": [
            p(
                "Organisations prepare for retirements with exit interviews and handover documents. Both "
                "help, and both come too late. The knowledge that matters most is learned by doing the "
                "work next to someone, and that takes months, not a final fortnight.",
            ),
            h("Start early, work in pairs"),
            p(
                "Identify critical roles two years ahead. Pair the expert with a successor on real work, "
                "with the successor gradually taking the lead. The expert narrates their reasoning aloud; "
                "the successor asks why, every time.",
            ),
            h("Make the handover a practice, not an event"),
            p(
                "Ask the pair to keep a shared log of the decisions they made together and the reasons. "
                "Review it monthly with a third person who can ask naive questions. By the time the expert "
                "leaves, the log is a map of judgement, not a list of tasks.",
            ),
            quote(
                "Show me once, let me try twice, then watch me do it my way.",
                "An engineer describing how she learned her trade",
            ),
            callout(
                "Warning sign",
                "<p>If only one person can approve, fix or explain something critical, you have a "
                "retention risk today, whatever their retirement date.</p>",
                tone="warning",
            ),
        ],
    },
    {
        "slug": "the-km-mindset-flow-not-stock",
        "title": "The KM mindset: treating knowledge as a flow, not a stock",
        "authors": ["tom-becker"],
        "topics": ["KM mindset", "KM strategy"],
        "days_ago": 2,
        "summary": "Organisations that count documents are managing a stock. Organisations that "
        "ask how fast good answers reach the people who need them are managing a flow.",
        "body": [
            p(
                "When I start work with a new client, I ask how they would know if their knowledge "
                "management was working. The answers usually describe a stock: the number of documents "
                "in the repository, pages on the intranet, entries in the expert directory.",
                "A stock is easy to count and tells you very little. What matters is flow: how quickly "
                "a question finds an answer, how often a lesson reaches the next project, how easily a "
                "newcomer learns how things are really done.",
            ),
            quote(
                "If only HP knew what HP knows, we would be three times more productive.",
                "Lew Platt, former chief executive of Hewlett-Packard",
            ),
            h("Three habits of a KM mindset"),
            p(
                "<b>Ask before you start.</b> Before any piece of work, spend ten minutes finding out who "
                "has done something similar.",
                "<b>Share while you work.</b> Publish drafts and half-answers where others can see them; "
                "waiting for a finished document means waiting too long.",
                "<b>Reflect before you stop.</b> End each piece of work by asking what you would tell "
                "someone about to do the same thing.",
            ),
            h("Leaders set the pace"),
            p(
                "None of these habits survives a leader who rewards only individual heroics. When senior "
                'people ask "who did you learn from?" in reviews, and mean it, behaviour changes faster '
                "than any platform launch could make it.",
            ),
        ],
    },
    {
        "slug": "the-value-of-relationships-in-knowledge-management",
        "title": "The value of relationships: knowledge travels through people",
        "authors": ["tom-becker"],
        "topics": ["Relationships", "Knowledge sharing", "KM mindset"],
        "days_ago": 13,
        "summary": "Ask people where they got the answer that saved their project. It is almost never "
        "a database. It is almost always a person they trusted enough to ask.",
        "body": [
            p(
                "Network studies in organisations keep finding the same pattern: people turn to other "
                "people for knowledge far more often than to documents, and they choose whom to ask based "
                "on trust and accessibility as much as expertise. A brilliant expert nobody feels able to "
                "approach is, in practice, not part of the organisation's knowledge.",
            ),
            h("Weak ties carry new ideas"),
            p(
                "Close colleagues tend to know what we know. New ideas more often arrive through weak "
                "ties: the acquaintance in another department, the person met at a conference. KM that "
                "only strengthens existing teams misses the connections that bring in something new.",
            ),
            quote(
                "People do not share knowledge with organisations. They share it with people they trust.",
                "A KMP workshop participant",
            ),
            h("Designing for relationships"),
            p(
                'Introduce people deliberately: a coordinator who says "you two should talk" is doing '
                "knowledge management. Make expertise findable through profiles people actually keep up "
                "to date. Give communities time to meet in person now and then, because trust built face "
                "to face carries the online conversation for months.",
                "And measure relationships, not just content: who asks whom, and how long it takes to "
                "find the right person.",
            ),
        ],
    },
    {
        "slug": "measuring-what-matters-in-knowledge-management",
        "title": "Measuring what matters in knowledge management",
        "authors": ["tom-becker", "li-wei"],
        "topics": ["KM strategy", "Lessons learned", "KM mindset"],
        "days_ago": 40,
        "summary": "Page views and document counts are easy to report and easy to game. Better "
        "measures follow knowledge into decisions and outcomes.",
        "body": [
            p(
                "Every KM programme is eventually asked to prove its value, and the temptation is to "
                "report activity: logins, uploads, page views, members. Activity is a reasonable leading "
                "indicator, but it is not value, and sponsors know it.",
            ),
            quote(
                "Not everything that can be counted counts, and not everything that counts can be counted.",
                "William Bruce Cameron",
            ),
            h("Three levels of measure"),
            p(
                "<b>Activity:</b> are people taking part? Members, questions asked, sessions held.",
                "<b>Knowledge use:</b> is knowledge moving? Questions answered within a day, lessons "
                "embedded in procedures, peer assists held before projects start.",
                "<b>Outcomes:</b> is the work better? Time to competence for new starters, repeat errors "
                "avoided, bids won using reused material.",
            ),
            h("Stories as evidence"),
            p(
                "Outcome measures are slow and hard to attribute. Collect short value stories alongside "
                "them: a specific case where a connection, a lesson or a community saved time, money or "
                "risk, told by the person who benefited. Ten good stories persuade a board more than a "
                "dashboard of activity metrics.",
            ),
            callout(
                "Start here",
                "<p>Pick one outcome your sponsor already cares about, agree how you would notice it "
                "improving, and report on it every quarter, even when the news is modest.</p>",
                tone="info",
            ),
        ],
    },
]

PENDING_POST = {
    "slug": "notes-from-my-first-knowledge-cafe",
    "title": "Notes from my first knowledge café",
    "topics": ["Knowledge sharing", "Facilitation"],
    "summary": "Twelve colleagues, three rounds of conversation and one question. What I learned "
    "hosting a knowledge café for the first time.",
    "body": [
        p(
            "Last month I hosted my first knowledge café: twelve colleagues, small tables, three rounds "
            "of twenty minutes and a single open question about onboarding.",
            "The best ideas came in the third round, once people had moved tables twice and heard "
            "views from outside their own team.",
        ),
        h("What I would do again"),
        p("Keep one question for the whole session, and end with a short harvest in a circle."),
    ],
}

BLOG_INTRODUCTION = (
    "Posts by knowledge-management practitioners on communities of practice, lessons learned, "
    "tacit knowledge and the habits that help organisations learn."
)


def post_image(title):
    image = demo_image(f"Blog: {title}")
    if not image.alt_text:
        image.alt_text = "Abstract illustration of overlapping circles"
        image.save(update_fields=["alt_text"])
    return image


def seed_blog(command):
    home = command.home_page if getattr(command, "home_page", None) else None
    if home is None:
        from home.models import HomePage

        home = HomePage.objects.first()
    blog_index = BlogIndexPage.objects.first() or get_or_add_child(
        home,
        BlogIndexPage,
        "blog",
        title="Blog",
        show_in_menus=True,
        introduction=BLOG_INTRODUCTION,
        search_description="Posts by KM professionals on communities of practice, lessons learned and tacit knowledge.",
    )
    if home.hero_cta_page_id is None:
        # The home seed names its call to action "Browse the blog" before the blog exists.
        home.hero_cta_page = blog_index
        home.save_revision().publish()
    profiles = ContributorProfile.objects.in_bulk(field_name="slug")
    existing = set(blog_index.get_children().values_list("slug", flat=True))
    # Posts written by Bloggers reach the site through a moderator.
    moderator = get_user_model().objects.filter(email="moderator@kmp.example").first()
    created = 0
    for spec in command.progress(POSTS, "blog posts"):
        if spec["slug"] in existing:
            continue
        authors = [profiles[slug] for slug in spec["authors"] if slug in profiles]
        if not authors:
            command.note(f"Blog: skipped {spec['slug']} (its authors are not seeded)")
            continue
        published = timezone.now() - datetime.timedelta(days=spec["days_ago"], hours=3)
        post = BlogPostPage(
            slug=spec["slug"],
            title=spec["title"],
            summary=spec["summary"],
            hero_image=post_image(spec["title"]),
            body=spec["body"],
            owner=authors[0].user,
            first_published_at=published,
            date=timezone.localdate(published),
            post_authors=[BlogPostAuthor(author=author, sort_order=i) for i, author in enumerate(authors)],
        )
        post.topics.add(*spec["topics"])
        blog_index.add_child(instance=post)
        post.save_revision(user=authors[0].user, log_action=True).publish(user=moderator)
        created += 1
    seed_pending_post(command, blog_index, existing)
    command.note(f"Blog: {created} new posts at /blog/; feeds at /blog/feed/rss/ and /blog/feed/atom/")


def seed_pending_post(command, blog_index, existing):
    """A Blogger's draft submitted for moderation, so a moderator has something to review."""
    if PENDING_POST["slug"] in existing:
        return
    blogger = get_user_model().objects.filter(email="blogger@kmp.example").first()
    if blogger is None:
        return
    author = default_author_for(blogger)
    post = BlogPostPage(
        slug=PENDING_POST["slug"],
        title=PENDING_POST["title"],
        summary=PENDING_POST["summary"],
        hero_image=post_image(PENDING_POST["title"]),
        body=PENDING_POST["body"],
        owner=blogger,
        live=False,
        post_authors=[BlogPostAuthor(author=author)],
    )
    post.topics.add(*PENDING_POST["topics"])
    blog_index.add_child(instance=post)
    post.save_revision(user=blogger, log_action=True)
    workflow = post.get_workflow()
    if workflow is not None:
        workflow.start(post, blogger)
        command.note("Blog: a draft by blogger@kmp.example awaits moderation (moderator@kmp.example)")
