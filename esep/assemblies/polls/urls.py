"""The polls staff pages' URL patterns (mounted by esep/assemblies/urls.py): the
secretary's console, a poll's page with its steps, its printable ballot and its candidate
picker; the voter's own pages."""

from django.urls import URLPattern, path

from esep.assemblies.polls import views

patterns: list[URLPattern] = [
    # A conference's console is addressed by its code (the view's argument keeps the
    # record pages' name, pk).
    path("console/<slug:pk>/", views.console, name="console"),
    path("console/<slug:pk>/<slug:name>/", views.console_step, name="console-step"),
    path("polls/<int:pk>/", views.poll_detail, name="poll"),
    path("polls/<int:pk>/ballot/", views.ballot_print, name="ballot-print"),
    path("polls/<int:pk>/people/", views.poll_people, name="poll-people"),
    path("polls/<int:pk>/<slug:name>/", views.poll_step, name="poll-step"),
    path("my-votes/", views.my_votes, name="my-votes"),
    path("my-votes/register/", views.my_votes_register, name="my-votes-register"),
    path("vote/<int:pk>/", views.vote, name="vote"),
]
