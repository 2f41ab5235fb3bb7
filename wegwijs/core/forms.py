"""Form pieces every app uses, and the audit log's filter form.

Every date a user types is a ``BoundedDateField`` and every choice of several rows a
``ModelMultipleChoiceField`` of this module (IO-01): out-of-range input is a form error with a
message, never an error of Python's calendar or of the database. ModelForms get both through
``Meta.formfield_callback = bounded_formfield(...)``.

No text input carries a ``maxlength`` (``untruncated``): a browser cuts off what is typed or
pasted beyond it without a word, so the length is checked by the server, which says so.
"""

import datetime
from collections.abc import Mapping

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext_lazy as _

from wegwijs.core.periods import AUDIT_FILTER, DateRange

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# When a form names no range: wide, yet far from the ends of the calendar.
DEFAULT_DATE_RANGE = DateRange(datetime.date(1900, 1, 1), 50)


class BoundedDateField(forms.DateField):
    """A date within ``date_range`` (``core.periods``: BIRTH, PERMIT_START, WORK, ...)."""

    def __init__(self, *, date_range: DateRange = DEFAULT_DATE_RANGE, **kwargs):
        kwargs.setdefault("widget", DATE_INPUT)
        super().__init__(**kwargs)
        self.date_range = date_range

    def validate(self, value):
        super().validate(value)
        if value not in self.empty_values and value not in self.date_range:
            raise ValidationError(self.date_range.message(), code="date_out_of_range")


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing a number the database cannot hold before it is queried: a
    20-digit "id" is then "not one of the choices", not an OverflowError."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        model_field = self.queryset.model._meta.get_field(key) if key != "pk" else None
        model_field = model_field or self.queryset.model._meta.pk
        if isinstance(value, list | tuple) and isinstance(model_field, models.IntegerField):
            ops = connections[self.queryset.db].ops
            low, high = ops.integer_field_range(model_field.get_internal_type())
            for item in value:
                try:
                    number = int(item)
                except (TypeError, ValueError):
                    continue  # Django's own check names it
                if (low is not None and number < low) or (high is not None and number > high):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": str(item)[:20]},
                    )
        return super()._check_values(value)


def untruncated(field: forms.Field) -> forms.Field:
    """``field`` with the browser's ``maxlength`` taken off its widget: the limit stays on the
    field, so text that is too long is a form error with a message, not silently cut off."""
    field.widget.attrs.pop("maxlength", None)
    return field


def bounded_formfield(date_ranges: Mapping[str, DateRange] | None = None):
    """A ModelForm ``formfield_callback``: date fields become ``BoundedDateField`` with the
    range named for them in ``date_ranges`` (else the default), many-to-many fields this
    module's ``ModelMultipleChoiceField``, whole numbers stay within their column, and text
    inputs have no ``maxlength`` (``untruncated``)."""
    date_ranges = date_ranges or {}

    def formfield(db_field, **kwargs):
        if isinstance(db_field, models.DateField) and not isinstance(
            db_field, models.DateTimeField
        ):
            kwargs.setdefault("form_class", BoundedDateField)
            kwargs.setdefault("date_range", date_ranges.get(db_field.name, DEFAULT_DATE_RANGE))
        elif isinstance(db_field, models.ManyToManyField):
            kwargs.setdefault("form_class", ModelMultipleChoiceField)
        elif isinstance(db_field, models.IntegerField) and not db_field.choices:
            # The narrowest range any supported database gives the column (PostgreSQL's), so
            # a number too large is the form's error, not the database's.
            low, high = BaseDatabaseOperations.integer_field_ranges.get(
                db_field.get_internal_type(), (None, None)
            )
            kwargs.setdefault("min_value", low)
            kwargs.setdefault("max_value", high)
        field = db_field.formfield(**kwargs)
        return untruncated(field) if field is not None else None

    return formfield


class AuditLogFilterForm(forms.Form):
    actor = forms.ModelChoiceField(
        label=_("User"), queryset=get_user_model().objects.none(), required=False
    )
    client = forms.UUIDField(
        label=_("Client"),
        required=False,
        help_text=_("The client's pseudonymous id, as shown in the log."),
    )
    date_from = BoundedDateField(label=_("From"), required=False, date_range=AUDIT_FILTER)
    date_to = BoundedDateField(
        label=_("Up to and including"), required=False, date_range=AUDIT_FILTER
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = get_user_model().objects.visible_to(user)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(_("The end date lies before the start date."))
        return cleaned
