from wagtail import hooks

from portal.demo import SEED_DEMO

from .demo import seed_home, seed_menus


@hooks.register(SEED_DEMO, order=0)
def seed_demo_home(command):
    seed_home(command)


@hooks.register(SEED_DEMO, order=95)
def seed_demo_menus(command):
    seed_menus(command)
