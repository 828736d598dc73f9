from django.urls import path, re_path

from esep.appeals import views

app_name = "appeals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.register, name="register"),
    path("import/", views.import_upload, name="import"),
    path("assign/", views.bulk_assign, name="bulk-assign"),
    path("import/<int:pk>/", views.import_job, name="import-job"),
    path("import/template.xlsx", views.import_template, name="import-template"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/receipt/", views.receipt, name="receipt"),
    path("<int:pk>/link/", views.link_similar, name="link"),
    path("<int:pk>/attach/", views.attach, name="attach"),
    path("<int:pk>/files/<int:attachment_id>/", views.attachment, name="attachment"),
    path("<int:pk>/<slug:name>/", views.step, name="step"),
]
