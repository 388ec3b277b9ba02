"""Raise the default policy's floors to what a real community reaches and one person
cannot fake alone (issue 15): a new policy version, unless Finance already changed them."""

from django.db import migrations

LAUNCH_MINIMUMS = {"blogging": "20", "courses": "3", "promotion": "1"}
RAISED_MINIMUMS = {"blogging": "100", "courses": "12", "promotion": "2"}


def raise_floors(apps, schema_editor):
    RewardPolicy = apps.get_model("rewards", "RewardPolicy")
    current = RewardPolicy.objects.order_by("-version").first()
    if current is None:
        return
    settings = current.stream_settings
    if {name: str(settings.get(name, {}).get("minimum")) for name in LAUNCH_MINIMUMS} != LAUNCH_MINIMUMS:
        return
    raised = {
        name: {**value, "minimum": RAISED_MINIMUMS.get(name, value.get("minimum"))}
        for name, value in settings.items()
    }
    RewardPolicy.objects.create(
        version=current.version + 1,
        pool_share_percent=current.pool_share_percent,
        stream_settings=raised,
        cap_percent=current.cap_percent,
        minimum_payout=current.minimum_payout,
        empty_stream=current.empty_stream,
        note="Raised floors: 100 qualified readers, 12 participation points, 2 new people",
    )


class Migration(migrations.Migration):
    dependencies = [("rewards", "0004_payout_payee_snapshot")]

    operations = [migrations.RunPython(raise_floors, migrations.RunPython.noop)]
