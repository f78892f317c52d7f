"""`{% todo_list %}`: what waits for the person in every app (core.todos), as each role's home opens with it.

It lives here rather than in core because whether a page is the person's home depends on their role, which
colleges.access reads. A home of the school's roles says `{% todo_list %}`; an app page that is some role's home
(`AppConfig.home_pages`) says `{% todo_list only_as_home=True %}`, and shows the list only to those whose home it is,
so that staff opening the news list are not shown their whole to-do list above it.
"""

from django import template
from django.utils import timezone

from core.todos import todos_for

from ..access import access_for, home_view_name

register = template.Library()


@register.inclusion_tag("includes/todos.html", takes_context=True)
def todo_list(context, only_as_home=False):
    request = context["request"]
    if only_as_home:
        match = getattr(request, "resolver_match", None)
        if match is None or match.view_name != home_view_name(access_for(request.user)):
            return {"shown": False}
    return {"shown": True, "todos": todos_for(request.user, timezone.localdate())}
