from wagtail import hooks

from .demo import seed_home


@hooks.register("seed_demo", order=0)
def seed_demo_home(command):
    seed_home(command)
