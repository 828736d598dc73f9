from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "esep.demo"
    label = "demo"
