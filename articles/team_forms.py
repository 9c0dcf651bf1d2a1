"""Forms of the team's screens (issue 15): they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .comments import MAX_LENGTH
from .policy import ROLES


class InviteForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("Email"), help_text=_("The link to choose a password is sent here."))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=ROLES, initial="reviewer")


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLES)


class ActiveForm(forms.Form):
    active = forms.TypedChoiceField(choices=(("1", "active"), ("0", "inactive")), coerce=lambda v: v == "1")


class RatingForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=60)
    slug = forms.SlugField(label=_("Slug"), max_length=50, required=False, help_text=_("Empty: made from the label. Exports and the API use it."))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    score = forms.IntegerField(label=_("Score"), required=False, min_value=1, max_value=100,
                               help_text=_("1 = worst .. N = best; empty for off-scale ratings such as Unverifiable."))  # fmt: skip
    color = forms.RegexField(label=_("Colour"), regex=r"^#[0-9a-fA-F]{6}$", initial="#888888",
                             widget=forms.TextInput(attrs={"type": "color"}),
                             error_messages={"invalid": _("Use a #rrggbb colour.")})  # fmt: skip


class MoveForm(forms.Form):
    by = forms.TypedChoiceField(choices=(("-1", "up"), ("1", "down")), coerce=int)


class DeleteForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, delete all of this"), error_messages={"required": _("Tick the box to confirm.")})
    note = forms.CharField(label=_("Why (kept in History)"), max_length=500, required=False)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("A note for the team; @username to mention someone")}),
    )  # fmt: skip
    mention = forms.CharField(label=_("Mention"), max_length=150, required=False)

    def clean(self):
        data = super().clean()
        name = (data.get("mention") or "").strip().lstrip("@")
        if name and data.get("body") and f"@{name}" not in data["body"]:
            data["body"] = f"@{name} {data['body']}"  # the picker's choice, without JavaScript too
        return data
