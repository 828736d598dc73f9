"""The pages of control posts, from their declarations (pages.py); and a visit's photos,
served only to those who may see the post."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404

from esep.control.posts.models import VisitPhoto
from esep.control.posts.pages import NEW_POST, POST_PAGE, POSTS, get_post_for_user
from esep.lib.http import AuthedRequest

post_list, post_export = POSTS.views
post_new = NEW_POST.view
post_detail, post_step = POST_PAGE.views


@login_required
def visit_photo(request: AuthedRequest, pk: int, photo_id: int) -> FileResponse:
    post = get_post_for_user(request.user, pk)
    photo = get_object_or_404(VisitPhoto, pk=photo_id, visit__post=post)
    return FileResponse(photo.file.open("rb"), content_type=photo.content_type)
