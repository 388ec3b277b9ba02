"""What the public forms post, built for tests."""


def item_data(
    index, title="Design a lessons-learned process", topics="lessons learned, after-action reviews", **extra
):
    data = {
        f"items-{index}-title": title,
        f"items-{index}-description": "For our IT projects.",
        f"items-{index}-topics": topics,
        f"items-{index}-skills": "facilitation",
        f"items-{index}-engagement": "either",
        f"items-{index}-budget_min": "",
        f"items-{index}-budget_max": "",
    }
    data.update({f"items-{index}-{key}": value for key, value in extra.items()})
    return data


def submission_data(items=1, total=None, **fields):
    """POST data for the submission form with `items` filled-in item forms."""
    data = {
        "title": "Help us start a lessons-learned practice",
        "organisation": "Northbridge Bank",
        "problem": "Projects repeat the same mistakes.",
        "desired_outcomes": "Lessons are captured and reused.",
        "website": "",
        "items-TOTAL_FORMS": str(total if total is not None else items),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "20",
    }
    for index in range(items):
        data.update(item_data(index, title=f"Wish item {index + 1}"))
    data.update(fields)
    return data
